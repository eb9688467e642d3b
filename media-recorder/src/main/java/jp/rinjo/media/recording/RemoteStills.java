package jp.rinjo.media.recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.common.image.Jpeg;
import jp.rinjo.media.recording.evidence.RecordedStill;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.spool.SessionSpool;
import jp.rinjo.media.recording.spool.Spool;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.media.recording.store.ObjectKeys;

/**
 * The recorder's remote stills (DESIGN §9): a JPEG the contractor's phone took, stored in the
 * session's spool as received, uploaded next to its segments and listed in the signed manifest's
 * {@code stills} (EVIDENCE.md). All file and store work runs on the given executor, never the caller's.
 */
public final class RemoteStills {
    /** The largest still accepted: a phone camera's full-resolution JPEG is a few MB. */
    public static final int MAX_BYTES = 10 * 1024 * 1024;

    private final Spool spool;
    private final EvidenceStore store;
    private final Function<SessionId, Optional<ContractNo>> contracts;
    private final Executor io;

    RemoteStills(Spool spool, EvidenceStore store, Function<SessionId, Optional<ContractNo>> contracts, Executor io) {
        this.spool = spool;
        this.store = store;
        this.contracts = contracts;
        this.io = io;
    }

    /**
     * Stores the still durably; completes with what the manifest will say of it, or fails with
     * VALIDATION_FAILED (not a JPEG, too big) or CONFLICT (the session is sealed or being sealed).
     */
    public CompletableFuture<RecordedStill> store(SessionId session, StillUpload upload) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] jpeg = upload.jpeg();
            if (jpeg.length > MAX_BYTES) {
                throw RinjoException.invalid("a still is at most " + MAX_BYTES + " bytes; this one has " + jpeg.length);
            }
            if (!Jpeg.isJpeg(jpeg)) {
                throw RinjoException.invalid("a still must be a complete JPEG file (FFD8 … FFD9)");
            }
            Optional<Jpeg.Size> size = Jpeg.size(jpeg);
            RecordedStill still = new RecordedStill(upload.id(), Sha256.digest(jpeg), jpeg.length, upload.receivedWallMicros(),
                    upload.phoneCapturedAt(), upload.participant(), upload.role(), size.map(Jpeg.Size::width),
                    size.map(Jpeg.Size::height), upload.request());
            try {
                spool.addStill(session, still, jpeg);
            } catch (IOException e) {
                throw new UncheckedIOException("session " + session + ": the still cannot be written to the spool", e);
            }
            return still;
        }, io);
    }

    /**
     * The still's bytes: from the spool while it waits for its upload, else from the evidence store;
     * empty when neither has it.
     */
    public CompletableFuture<Optional<byte[]>> read(SessionId session, StillId id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Optional<Path> spooled = spool.spooledStill(session, id.value());
                if (spooled.isPresent()) {
                    try {
                        return Optional.of(Files.readAllBytes(spooled.get()));
                    } catch (java.nio.file.NoSuchFileException e) {
                        // uploaded (and deleted) in between: the store has it now
                    }
                }
                String key = prefix(session) + "/" + ObjectKeys.stillPath(id.value());
                if (!store.exists(key)) {
                    return Optional.empty();
                }
                try (InputStream in = store.open(key)) {
                    return Optional.of(in.readNBytes(MAX_BYTES + 1));
                }
            } catch (EvidenceStoreException e) {
                throw new RinjoException(ErrorCode.STORE_UNAVAILABLE, "the evidence store cannot be read: " + e.getMessage());
            } catch (IOException e) {
                throw new RinjoException(ErrorCode.STORE_UNAVAILABLE, "the still cannot be read: " + e.getMessage());
            }
        }, io);
    }

    private String prefix(SessionId session) {
        SessionSpool held = spool.sessions().stream().filter(s -> s.id().equals(session)).findFirst().orElse(null);
        return held != null ? held.objectPrefix() : ObjectKeys.sessionPrefix(session, contracts.apply(session));
    }

    /** The seal's attachments with the session's recorded stills after any the caller gave. */
    static Map<String, List<Object>> withStills(Map<String, List<Object>> attachments, List<RecordedStill> stills) {
        if (stills.isEmpty()) {
            return attachments;
        }
        Map<String, List<Object>> all = new HashMap<>(attachments);
        List<Object> list = new ArrayList<>(attachments.getOrDefault("stills", List.of()));
        stills.forEach(s -> list.add(s.json()));
        all.put("stills", list);
        return all;
    }
}
