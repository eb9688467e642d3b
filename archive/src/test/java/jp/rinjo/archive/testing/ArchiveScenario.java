package jp.rinjo.archive.testing;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.archive.Archive;
import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.audit.AdminActAudit;
import jp.rinjo.archive.jdbc.JdbcAuditLog;
import jp.rinjo.archive.http.ArchiveRoutes;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.RecorderHarness;
import jp.rinjo.media.recording.evidence.KeyRing;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.TimeWindow;
import jp.rinjo.scheduling.testing.Fixtures;
import jp.rinjo.scheduling.testing.TestDatabases;
import jp.rinjo.signaling.live.InMemoryLiveState;
import jp.rinjo.signaling.testing.TestNode;

/**
 * The archive served by a real signaling node over HTTPS, on the embedded database, with one
 * recording: contract {@value #CONTRACT} of 道路課, a 段階確認 session recorded by the real recorder,
 * sealed and indexed as the standalone does it. Accounts from {@link Fixtures}: admin, inspector1
 * and clerk1 (道路課), inspector2 (河川課). The contract's registration is the audit log's first row.
 */
public final class ArchiveScenario implements AutoCloseable {
    public static final String CONTRACT = "R8道路第12号";
    public final Fixtures f;
    public final RecorderHarness recorder;
    public final Archive archive;
    public final ArchiveRoutes routes;
    public final TestNode node;
    public final SessionId sessionId;
    public final RecordedSession recorded;

    public ArchiveScenario(Path dir) throws Exception {
        this(dir, new FilesystemEvidenceStore(dir.resolve("store")));
    }

    public ArchiveScenario(Path dir, EvidenceStore store) throws Exception {
        this(dir, store, 0);
    }

    /** @param realFrames above 0: the rendition is a real, decodable MP4 of that many frames ({@link RecordedSession}) */
    public ArchiveScenario(Path dir, int realFrames) throws Exception {
        this(dir, new FilesystemEvidenceStore(dir.resolve("store")), realFrames);
    }

    public ArchiveScenario(Path dir, EvidenceStore store, int realFrames) throws Exception {
        this(dir, store, realFrames, Optional.empty(), Optional.empty());
    }

    /**
     * @param recorderTsa the authority the recorder asks at seal
     * @param archiveTsa  the authority the archive asks to time-stamp later
     */
    public ArchiveScenario(Path dir, EvidenceStore store, int realFrames, Optional<TimestampClient> recorderTsa,
                           Optional<TimestampClient> archiveTsa) throws Exception {
        this(dir, store, realFrames, recorderTsa, archiveTsa, Optional.empty());
    }

    /** @param trustedTsa the authority's certificate the archive trusts ({@code archive.trusted-tsa-cert}) */
    public ArchiveScenario(Path dir, EvidenceStore store, int realFrames, Optional<TimestampClient> recorderTsa,
                           Optional<TimestampClient> archiveTsa, Optional<X509Certificate> trustedTsa) throws Exception {
        this(dir, store, realFrames, recorderTsa, archiveTsa, trustedTsa, Optional.empty());
    }

    /**
     * @param trustedKeys the deployment keys the archive trusts; empty: the recorder's (whose key file is
     *                    {@code dir/rec/keys/evidence.pem}, made when missing)
     */
    public ArchiveScenario(Path dir, EvidenceStore store, int realFrames, Optional<TimestampClient> recorderTsa,
                           Optional<TimestampClient> archiveTsa, Optional<X509Certificate> trustedTsa, Optional<KeyRing> trustedKeys) throws Exception {
        this(dir, store, realFrames, recorderTsa, archiveTsa, trustedTsa, trustedKeys, null);
    }

    /** A recording in which an inspector (a participant of its own) pointed at the contractor's video. */
    public ArchiveScenario(Path dir, RecordedSession.Pointing pointing) throws Exception {
        this(dir, new FilesystemEvidenceStore(dir.resolve("store")), 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                pointing);
    }

    private ArchiveScenario(Path dir, EvidenceStore store, int realFrames, Optional<TimestampClient> recorderTsa,
                            Optional<TimestampClient> archiveTsa, Optional<X509Certificate> trustedTsa, Optional<KeyRing> trustedKeys,
                            RecordedSession.Pointing pointing) throws Exception {
        Database db = TestDatabases.h2(dir.resolve("db"));
        // contracts registered and late results recorded are audited in the archive's log, as the standalone wires it
        f = new Fixtures(db, clock -> new AdminActAudit(new JdbcAuditLog(db, clock)));
        f.clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        f.scheduling.contracts().register(f.inspector, f.contract(CONTRACT, null));
        Instant start = f.clock.instant().plus(Duration.ofMinutes(5));
        SessionService.SessionView s = f.scheduling.sessions().schedule(f.inspector, new SessionService.SessionDraft(CONTRACT,
                InspectionType.STAGE_CHECK, new TimeWindow(start, start.plus(Duration.ofHours(1))), "本町1丁目交差点", null));
        sessionId = s.session().id();
        recorder = RecordedSession.harness(dir.resolve("rec"), store, ContractNo.of(CONTRACT), recorderTsa);
        recorded = RecordedSession.record(recorder, sessionId, dir.resolve("work"), realFrames, pointing);
        ArchiveConfig config = new ArchiveConfig(10, Duration.ofMinutes(30), Duration.ofHours(1), 2, 4, dir.resolve("archive-work"),
                trustedKeys.orElse(KeyRing.of(List.of(recorder.key.publicKeySpki()))), trustedTsa);
        archive = Archive.create(db, store, config, f.clock, archiveTsa);
        archive.sealed(recorded.sealed);
        routes = new ArchiveRoutes(archive, f.clock);
        node = TestNode.start(Vertx.vertx(), dir, f.scheduling, new InMemoryLiveState(NodeId.random()), f.clock, Map.of(), List.of(routes));
    }

    public String token(String login) {
        return f.scheduling.auth().login(login, Fixtures.PASSWORD).token();
    }

    public static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    public HttpResponse<Buffer> call(String method, String path, String token, Object body) throws Exception {
        return node.call(method, path, bearer(token), body);
    }

    public HttpResponse<Buffer> get(String path, String token, Map<String, String> headers) throws Exception {
        var req = node.http.request(io.vertx.core.http.HttpMethod.GET, path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        headers.forEach(req::putHeader);
        return req.send().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    public JsonObject json(String method, String path, String token, Object body, int status) throws Exception {
        HttpResponse<Buffer> r = call(method, path, token, body);
        if (r.statusCode() != status) {
            throw new AssertionError(method + " " + path + " → " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
    }

    public String recordingPath() {
        return "/api/archive/recordings/" + sessionId.value();
    }

    public String renditionPath() {
        return recordingPath() + "/renditions/" + recorded.contractor.value();
    }

    /** The session's folder when the store is a folder. */
    public Path folder() {
        return ((FilesystemEvidenceStore) archive.store()).pathOf(recorded.sealed.objectPrefix());
    }

    @Override
    public void close() throws Exception {
        node.close();
        routes.close();
        recorder.close();
        f.scheduling.close();
    }
}
