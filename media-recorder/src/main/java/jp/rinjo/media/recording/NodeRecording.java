package jp.rinjo.media.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.control.Inspection;
import jp.rinjo.media.control.SessionEnd;
import jp.rinjo.media.node.MediaNode;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.InspectionInfo;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.rendition.SessionRenditions;
import jp.rinjo.media.recording.store.EvidenceStore;

/**
 * The evidence recorder attached to a media node: every published track is recorded, participants
 * are told the recording state ("記録中" only while the session's segments are durably stored and
 * none of its tracks fails, failures loudly: {@link RecordingAnnouncements}), and a session's end
 * seals it and makes its renditions.
 */
public final class NodeRecording implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRecording.class);
    private final EvidenceRecorder recorder;
    private final EvidenceStore store;
    private final Path workDir;
    private final java.util.List<SealListener> sealListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * Seals whose renditions and listeners have not finished, by session. A repeated end of a session
     * (signaling retries after a timeout, a restarted signaling resumes) joins the one under way: the
     * recorder answers it with the same seal, and the work after it must run once, or two rendition
     * jobs race on the same keys (on a locked store the second one fails) and the archive indexes the
     * session twice.
     */
    private final ConcurrentHashMap<SessionId, CompletableFuture<SealResult>> finishing = new ConcurrentHashMap<>();
    private final ExecutorService sealing = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rinjo-seal");
        t.setDaemon(true);
        return t;
    });

    /** The recorder's spool: its counters are what an operator watches (uploads failing, spool full). */
    public jp.rinjo.media.recording.spool.Spool spool() {
        return recorder.spool();
    }

    private NodeRecording(EvidenceRecorder recorder, EvidenceStore store, Path workDir) {
        this.recorder = recorder;
        this.store = store;
        this.workDir = workDir;
    }

    public static NodeRecording attach(RecordingConfig config, MediaNode node,
                                       Function<SessionId, Optional<ContractNo>> contracts) throws IOException {
        return attach(config, config.openStore(), node, contracts);
    }

    /** With a store opened (and perhaps wrapped) by the caller, e.g. to lock objects per contract. */
    public static NodeRecording attach(RecordingConfig config, EvidenceStore store, MediaNode node,
                                       Function<SessionId, Optional<ContractNo>> contracts) throws IOException {
        DeploymentKey key = DeploymentKey.loadOrCreate(config.signingKeyFile());
        Optional<TimestampClient> tsa = config.tsaUrl().map(u -> new TimestampClient(u, config.tsaTimeout()));
        var engine = node.engine();
        RecordingAnnouncements listener = new RecordingAnnouncements(new RecordingAnnouncements.Announcer() {
            @Override
            public void announce(SessionId session, String state, String detail) {
                engine.announceRecording(session, state, detail);
            }

            @Override
            public void announceEverywhere(String state, String detail) {
                engine.announceRecordingEverywhere(state, detail);
            }
        });
        EvidenceRecorder recorder = EvidenceRecorder.start(config, store, key, tsa, contracts, listener);
        engine.addSinkFactory(recorder.sinkFactory());
        // beside the spool, not inside it: the spool's recovery reads every folder in it as a session
        Path work = config.spool().dir().resolveSibling(config.spool().dir().getFileName() + "-work");
        Files.createDirectories(work);
        NodeRecording recording = new NodeRecording(recorder, store, work);
        node.setSessionEndHandler(recording::sessionEnded);
        return recording;
    }

    public EvidenceStore store() {
        return store;
    }

    /** The remote stills of this node's sessions, for signaling (in process, or through the control API). */
    public jp.rinjo.media.control.StillControl stills() {
        return new RecorderStillControl(recorder.stills());
    }

    /**
     * Told about every session this node seals, after its renditions were made (or failed): what the
     * archive indexes. Called on the sealing thread, so a listener may block (database, store); a
     * listener that throws is logged and does not stop the others.
     */
    public interface SealListener {
        void sealed(SealResult result);
    }

    public void addSealListener(SealListener listener) {
        sealListeners.add(listener);
    }

    private CompletionStage<Void> sessionEnded(SessionId session, SessionEnd end) {
        CompletableFuture<SealResult> mine = new CompletableFuture<>();
        CompletableFuture<SealResult> underWay = finishing.putIfAbsent(session, mine);
        if (underWay != null) {
            log.info("session {}: its end was told again while its seal is being finished; the answer is that seal's", session);
            return underWay.thenAccept(sealed -> { });
        }
        recorder.seal(session, sealRequest(end))
                .thenApplyAsync(sealed -> afterSeal(session, sealed), sealing)
                .whenComplete((sealed, failure) -> {
                    finishing.remove(session, mine);
                    if (failure == null) {
                        mine.complete(sealed);
                    } else {
                        mine.completeExceptionally(failure);
                    }
                });
        return mine.thenAccept(sealed -> { });
    }

    /** Renditions, then the listeners: once per seal, on the sealing thread. */
    private SealResult afterSeal(SessionId session, SealResult sealed) {
        try {
            SessionRenditions.make(store, sealed.objectPrefix(), sealed.manifestSha256(), workDir);
        } catch (IOException | RuntimeException e) {
            // the evidence is sealed; a rendition can be made again from it later
            log.error("session {}: sealed, but its renditions failed: {}", session, e.toString(), e);
        }
        if (!sealed.problems().isEmpty()) {
            log.warn("session {} sealed with problems: {}", session, sealed.problems());
        }
        for (SealListener l : sealListeners) {
            try {
                l.sealed(sealed);
            } catch (RuntimeException e) {
                log.error("session {}: sealed, but a seal listener failed: {}", session, e.toString(), e);
            }
        }
        return sealed;
    }

    /**
     * What the manifest signs of what signaling tells at a session's end (participants, inspection,
     * annotations): one representation for a node's seal and a seal from the store ({@link StoreSealer}).
     */
    public static SealRequest sealRequest(SessionEnd end) {
        List<ParticipantInfo> participants = end.attendees().stream()
                .map(a -> new ParticipantInfo(a.participantId(), a.displayName(), a.role())).toList();
        return new SealRequest(participants, inspection(end.inspection()), AnnotationAttachments.of(end), AnnotationAttachments.problems(end));
    }

    /**
     * What the manifest signs of the inspection the control API names. A contract number is what makes it
     * an inspection; without one the manifest says none was given.
     */
    public static Optional<InspectionInfo> inspection(Inspection i) {
        if (i == null || i.contractNo() == null) {
            return Optional.empty();
        }
        return Optional.of(new InspectionInfo(i.contractNo(), i.contractName(), i.contractor(), i.department(), i.type(), i.typeLabel(),
                i.scheduledStart(), i.scheduledEnd(), i.place(), i.inspectorName(), i.status(), i.result(), i.resultLabel(), i.resultNote(),
                i.endedAt()));
    }

    @Override
    public void close() throws Exception {
        sealing.shutdown();
        recorder.close();
        store.close();
    }
}
