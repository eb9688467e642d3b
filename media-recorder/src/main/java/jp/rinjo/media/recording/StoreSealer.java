package jp.rinjo.media.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.InspectionInfo;
import jp.rinjo.media.recording.evidence.ManifestInput;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.RecordedStill;
import jp.rinjo.media.recording.evidence.RecordedTrack;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentRepair;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.SegmentWriter;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoredObject;

/**
 * Seals a session's recording from what reached the evidence store, for when the media node that
 * recorded it is gone for good (its machine lost with its spool), so the session would otherwise
 * never get a manifest. Every segment in the store is read and chained as the verifier would; each
 * track whose chain was not closed gets one more segment holding only an INTERRUPTION from its last
 * record to now, naming the loss; then the manifest is built, signed and time-stamped as a normal
 * seal, and uploaded last. What the lost node would have been told at the session's end (participants,
 * inspection, annotations) and what its spool journal said of the remote stills, the caller gives from
 * the scheduling database.
 *
 * <p>What the lost node had not uploaded is gone and the interruption says so. A session whose
 * newest segment is younger than {@code minIdle} is refused: a node that is alive uploads a
 * segment every two seconds or so (more slowly while the store is down, so choose it longer than
 * any outage). The write-once store makes a race harmless: a segment or manifest that another
 * writer stored first makes this seal fail with a conflict, and changes nothing.
 */
public final class StoreSealer {
    private static final Logger log = LoggerFactory.getLogger(StoreSealer.class);

    private final EvidenceStore store;
    private final ManifestSigner signer;
    private final Clock clock;
    private final String sealerId;

    /** @param sealerId who seals (written as the writer of the interruption segments), e.g. {@code seal-from-store@host} */
    public StoreSealer(EvidenceStore store, DeploymentKey key, Optional<TimestampClient> tsa, Clock clock, String sealerId) {
        this.store = store;
        this.signer = new ManifestSigner(key, tsa);
        this.clock = clock;
        this.sealerId = sealerId;
    }

    /** Thrown when the session cannot be sealed from the store; the message says why, for an operator. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * The session's object prefix in the store, if it has any objects: under {@code contract}'s folder
     * when given (what the scheduling database says), else without a contract folder, else found by
     * looking into each contract folder for the session (a request per contract; the contracts' own
     * objects are never listed).
     */
    public Optional<String> findPrefix(SessionId session, Optional<ContractNo> contract) throws IOException {
        List<String> candidates = new ArrayList<>();
        contract.ifPresent(c -> candidates.add(ObjectKeys.sessionPrefix(session, Optional.of(c))));
        candidates.add(ObjectKeys.sessionPrefix(session, Optional.empty()));
        for (String candidate : candidates) {
            if (holdsAnything(candidate + "/")) {
                return Optional.of(candidate);
            }
        }
        String[] found = {null};
        store.forEachChild("contracts/", folder -> {
            String candidate = folder + ObjectKeys.sessionPrefix(session, Optional.empty());
            try {
                if (found[0] == null && folder.endsWith("/") && holdsAnything(candidate + "/")) {
                    found[0] = candidate;
                }
            } catch (IllegalArgumentException e) { // a folder no contract number makes
                log.warn("seal from store: skipping {}: {}", folder, e.getMessage());
            }
        });
        return Optional.ofNullable(found[0]);
    }

    private boolean holdsAnything(String prefix) throws IOException {
        boolean[] any = {false};
        store.forEachChild(prefix, name -> any[0] = true);
        return any[0];
    }

    /**
     * Seals the session under {@code prefix}.
     *
     * @param participants who took part, as the scheduling database knows them (may be empty)
     * @param minIdle      how long ago the newest segment must have ended (zero: not checked)
     * @param why          what happened to the node, in the operator's words; goes into the interruptions
     */
    public SealResult seal(SessionId session, String prefix, List<ParticipantInfo> participants, Duration minIdle, String why)
            throws IOException, Refused {
        return seal(session, prefix, participants, Optional.empty(), minIdle, why);
    }

    /** @param inspection which inspection it is, as the scheduling database knows it: signed in the manifest as a node's seal signs it */
    public SealResult seal(SessionId session, String prefix, List<ParticipantInfo> participants, Optional<InspectionInfo> inspection,
                           Duration minIdle, String why) throws IOException, Refused {
        return seal(session, prefix, new SealRequest(participants, inspection, Map.of()), List.of(), minIdle, why);
    }

    /**
     * Seals the session under {@code prefix} with what the scheduling database knows of it.
     *
     * @param request what a node's seal is told at the session's end (participants, inspection, annotations and
     *                how many were not kept), signed as a node's seal signs it
     * @param stills  the session's remote stills as the database describes them, in the order taken: each whose
     *                JPEG is in the store is listed with the stored bytes' size and SHA-256 ({@link StoredStills})
     */
    public SealResult seal(SessionId session, String prefix, SealRequest request, List<RecordedStill> stills, Duration minIdle,
                           String why) throws IOException, Refused {
        List<StoredObject> objects = store.list(prefix + "/");
        if (objects.stream().anyMatch(o -> o.key().equals(prefix + "/" + ObjectKeys.MANIFEST))) {
            throw new Refused("session " + session + " is already sealed (" + prefix + "/" + ObjectKeys.MANIFEST + " exists)");
        }
        Map<String, TreeMap<Long, String>> segmentKeys = StoredChains.segmentKeys(objects, prefix);
        if (segmentKeys.isEmpty()) {
            throw new Refused("session " + session + " has no segments under " + prefix + "/tracks/: nothing to seal");
        }
        StoredChains.Found found;
        try {
            found = StoredChains.read(store, session, segmentKeys, track -> true);
        } catch (StoredChains.Unusable e) {
            throw new Refused(e.getMessage());
        }
        List<String> problems = new ArrayList<>(found.problems());
        List<RecordedTrack> tracks = new ArrayList<>();
        List<RecordedSegment> segments = new ArrayList<>();
        long created = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (StoredChains.Chain chain : found.chains()) {
            tracks.add(chain.track());
            segments.addAll(chain.segments());
            created = Math.min(created, chain.segments().get(0).startWallMicros());
            newest = Math.max(newest, chain.segments().stream().mapToLong(RecordedSegment::endWallMicros).max().orElseThrow());
        }
        long now = wallMicros();
        if (!minIdle.isZero() && now - newest < minIdle.toNanos() / 1000) {
            throw new Refused("session " + session + ": its newest segment ended " + (now - newest) / 1_000_000 + " s ago, less than "
                    + minIdle.toSeconds() + " s: its node may still be recording it; seal from the store only a session whose node is gone");
        }
        int closed = 0;
        for (StoredChains.Chain chain : found.chains()) {
            if (!chain.closed()) {
                segments.add(closeWithInterruption(session, prefix, tracks, chain.last(), now, why));
                closed++;
            }
        }
        problems.add("sealed from the evidence store, not by the node that recorded it (" + why + "); what that node had not"
                + " uploaded is lost, and each chain it left open ends in an interruption segment (" + closed + ")");
        problems.addAll(request.problems());
        StoredStills.Listed listed = StoredStills.list(store, prefix, objects, stills);
        problems.addAll(listed.problems());
        ManifestInput in = new ManifestInput(session.value(), prefix, created, now, request.participants(), tracks, segments,
                signer.publicKeySpki(), signer.timestampAuthority(), problems,
                RemoteStills.withStills(request.attachments(), listed.stills()), request.inspection());
        ManifestSigner.Signed signed = signer.sign(in);
        for (Map.Entry<String, byte[]> file : signed.files().entrySet()) {
            putBytes(prefix + "/" + file.getKey(), file.getValue(), ObjectKeys.contentType(file.getKey()));
        }
        log.warn("session {}: sealed from the store ({} tracks, {} segments, {} chains closed with an interruption, {} stills listed;"
                + " manifest {})", session, tracks.size(), segments.size(), closed, listed.stills().size(),
                signed.result().manifestSha256().shortHex());
        return signed.result();
    }

    private RecordedSegment closeWithInterruption(SessionId session, String prefix, List<RecordedTrack> tracks, RecordedSegment last,
                                                  long now, String why) throws IOException {
        RecordedTrack track = tracks.stream().filter(t -> t.trackId().equals(last.trackId())).findFirst().orElseThrow();
        long seq = last.sequence() + 1;
        SegmentHeader header = new SegmentHeader(session.value(), track.trackId(), track.participant(), track.key(), track.kind(),
                last.codec(), seq, last.link(), now, System.nanoTime(), sealerId);
        Path dir = Files.createTempDirectory("rinjo-seal-");
        Path file = dir.resolve(seq + ".seg"); // the writer creates it: it never writes over a file
        try {
            SegmentSummary summary = SegmentWriter.interruptionOnly(file, header,
                    new SegmentRecord.Interruption(last.endWallMicros(), Math.max(now, last.endWallMicros()),
                            "media node lost (" + why + "); this track's recording ends with its last segment in the store"),
                    new SegmentRecord.End(now, System.nanoTime(), SegmentRepair.END_REASON));
            store.put(prefix + "/" + ObjectKeys.segmentPath(track.trackId(), seq), file, summary.sha256(),
                    PutOptions.of(PutOptions.SEGMENT_TYPE));
            return RecordedSegment.of(summary);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private void putBytes(String key, byte[] bytes, String contentType) throws IOException {
        Path file = Files.createTempFile("rinjo-seal-", ".bin");
        try {
            Files.write(file, bytes);
            store.put(key, file, Sha256.digest(bytes), PutOptions.of(contentType));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private long wallMicros() {
        java.time.Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
