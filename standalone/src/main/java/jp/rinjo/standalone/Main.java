package jp.rinjo.standalone;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Vertx;
import jp.rinjo.archive.Archive;
import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.audit.AdminActAudit;
import jp.rinjo.archive.jdbc.JdbcAuditLog;
import jp.rinjo.archive.jdbc.JdbcPolicyRepository;
import jp.rinjo.archive.retention.ContractRetentionStore;
import jp.rinjo.archive.http.ArchiveRoutes;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.Ids;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.auth.PasswordHasher;
import jp.rinjo.scheduling.auth.SigningKey;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.DatabaseConfig;
import jp.rinjo.signaling.SignalingServer;
import jp.rinjo.signaling.config.NetworkAddresses;
import jp.rinjo.signaling.config.SignalingConfig;
import jp.rinjo.signaling.http.HealthChecks;
import jp.rinjo.signaling.invite.QrCodes;
import jp.rinjo.signaling.live.InMemoryLiveState;
import jp.rinjo.signaling.live.LiveState;
import jp.rinjo.signaling.live.RedisLiveState;
import jp.rinjo.media.node.LeakSampling;
import jp.rinjo.media.node.MediaNode;
import jp.rinjo.media.recording.NodeRecording;
import jp.rinjo.media.recording.RecordingConfig;
import jp.rinjo.signaling.media.MediaGateway;
import jp.rinjo.signaling.media.RemoteMediaGateway;
import jp.rinjo.media.node.MediaNodeConfig;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.store.EvidenceStore;

/**
 * Rinjo in one JVM: signaling, the media node and the archive with embedded
 * defaults — in-memory live state, an H2 database file and a self-signed certificate under the
 * data folder. Prints the URLs and a QR code to open on a phone.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(args, System.getenv(), System.getProperties());
        } catch (RuntimeException e) {
            System.err.println("rinjo: " + e.getMessage());
            System.exit(2);
            return;
        }
        LeakSampling.offUnlessConfigured();
        Running running;
        try {
            running = start(options.settings(), Clock.systemUTC());
        } catch (Throwable e) {
            // exit whatever it was: what started before the failure (the media node's threads) would
            // otherwise keep the process up, doing nothing, with the failure scrolled away
            System.exit(explainStartFailure(e));
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "rinjo-shutdown"));
        System.out.println(running.banner());
    }

    /** A started standalone; {@link #stop()} shuts everything down in order. */
    /** {@code media} is null when media nodes run in other processes ({@code media.mode=remote}). */
    public record Running(Vertx vertx, Scheduling scheduling, SignalingServer signaling, MediaNode media,
                          NodeRecording recording, MediaGateway gateway, Archive archive, ArchiveRoutes archiveRoutes,
                          Optional<String> adminPassword) {
        public void stop() {
            int held = recording == null ? 0 : recording.spool().sessions().size();
            log.info("stopping{}", held == 0 ? "" : ": " + held + " sessions not yet sealed stay in the recording spool; what they "
                    + "recorded is kept, closed with an interruption at the next start, and sealed when they end");
            try {
                signaling.stop().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("signaling did not stop cleanly: {}", e.toString());
            }
            archiveRoutes.close();
            if (recording == null) {
                closeQuietly(archive.store(), "the evidence store");
            }
            if (media != null) {
                media.close();
            }
            if (recording != null) {
                try {
                    recording.close();
                } catch (Exception e) {
                    log.warn("the recorder did not close cleanly: {}", e.toString());
                }
            }
            if (gateway instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.warn("media gateway did not close cleanly: {}", e.toString());
                }
            }
            vertx.close();
            scheduling.close();
            log.info("stopped");
        }

        private static void closeQuietly(AutoCloseable c, String what) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("{} did not close cleanly: {}", what, e.toString());
            }
        }

        public String localUrl() {
            return (signaling.publicUrl().startsWith("https") ? "https" : "http") + "://localhost:" + signaling.port();
        }

        String banner() {
            String lan = signaling.publicUrl();
            StringBuilder sb = new StringBuilder("\n");
            sb.append("  Rinjo (臨場) is running.\n\n");
            sb.append("  On this computer:       ").append(localUrl()).append('\n');
            sb.append("  On a phone on this LAN: ").append(lan).append('\n');
            sb.append("  Media (UDP):            ").append(media == null ? "remote media nodes" : "port " + media.port())
                    .append("\n\n");
            sb.append(QrCodes.terminal(lan).indent(2)).append('\n');
            sb.append("  The certificate is self-signed: the browser asks once to trust it.\n");
            adminPassword.ifPresent(p -> sb.append("\n  First start: log in as 'admin' with password  ").append(p)
                    .append("\n  (shown only now; change it after logging in at ").append(localUrl())
                    .append("/inspector/ : click 管理者 at the top right, then パスワードを変更)\n"));
            return sb.toString();
        }
    }

    /** The recorder's and the archive's default paths ({@code ./data/...}) follow the standalone's data folder. */
    static Settings underDataDir(Settings s, Path dataDir) {
        Settings out = s;
        for (var e : s.asMap().entrySet()) {
            if ((e.getKey().startsWith("recording.") || e.getKey().startsWith("archive.")) && e.getValue().startsWith("./data/")) {
                out = out.with(e.getKey(), dataDir.resolve(e.getValue().substring("./data/".length())).toString());
            }
        }
        return out;
    }

    /** Says why the start failed, in one line where the operator can act on it; @return the exit status. */
    private static int explainStartFailure(Throwable e) {
        boolean badSetting = e instanceof jp.rinjo.common.error.RinjoException r
                && r.code() == jp.rinjo.common.error.ErrorCode.VALIDATION_FAILED;
        if (e instanceof jp.rinjo.media.recording.evidence.DeploymentKey.KeyMissing || badSetting) {
            System.err.println("rinjo: " + e.getMessage()); // what to do, without a stack trace around it
            return 2;
        }
        if (e instanceof StartFailure) {
            System.err.println("rinjo: " + e.getMessage());
            return 1;
        }
        e.printStackTrace();
        return 1;
    }

    private static MediaNode startMedia(MediaNodeConfig config) {
        try {
            return MediaNode.start(config);
        } catch (Exception e) {
            throw StartFailure.ifPortTaken(e, "UDP port " + config.udpPort() + " (media.udp-port)",
                    "RINJO_MEDIA_UDP_PORT (browsers must then reach that UDP port)");
        }
    }

    private static Database openDatabase(DatabaseConfig db, Path dataDir) {
        try {
            return Database.open(db);
        } catch (RuntimeException e) {
            if (MaintenanceSetup.heldByAnotherProcess(e)) {
                throw new StartFailure("the embedded database in " + dataDir + " is in use by another process (Rinjo already "
                        + "running with this data folder?): stop it first, or give this one its own --data", e);
            }
            throw e;
        }
    }

    public static Running start(Settings settings, Clock clock) throws Exception {
        Path dataDir = settings.path("data.dir").toAbsolutePath();
        WritableFolders.require(dataDir, underDataDir(settings, dataDir));
        SignalingConfig config = SignalingConfig.from(settings, dataDir);
        SigningKey key = settings.optional("auth.signing-key").map(SigningKey::fromBase64)
                .orElseGet(() -> SigningKeyFile.loadOrCreate(dataDir.resolve("keys").resolve("token-signing.key")));
        DatabaseConfig db = settings.optional("db.url")
                .map(url -> new DatabaseConfig(url, settings.optional("db.user").orElse(""),
                        settings.optional("db.password").orElse(""), settings.integer("db.pool-size")))
                .orElseGet(() -> DatabaseConfig.embedded(dataDir));
        Database database = openDatabase(db, dataDir);
        // contracts registered, late results recorded and accounts administered go into the archive's audit log, each act in one
        // transaction with its row; scheduling sees only its AdminAudit, the archive depends on scheduling
        Scheduling scheduling = Scheduling.create(database, new Scheduling.Options(key, config.loginLifetime(),
                config.invitationEarlyEntry(), PasswordHasher.owaspDefaults()), new AdminActAudit(new JdbcAuditLog(database, clock)), clock);

        NodeId nodeId = settings.optional("node.id").map(NodeId::of).orElseGet(NodeId::random);
        LiveState live = config.liveStore() == SignalingConfig.LiveStore.REDIS
                ? new RedisLiveState(nodeId, config.redisUrl(), config.nodeHeartbeatTtl())
                : new InMemoryLiveState(nodeId);
        boolean remote = settings.string("media.mode").equals("remote");
        MediaNode media;
        RecordingConfig recordingConfig;
        try {
            recordingConfig = RecordingConfig.from(underDataDir(settings, dataDir));
            media = remote ? null : startMedia(MediaNodeConfig.from(settings));
        } catch (RuntimeException e) {
            scheduling.close();
            throw e;
        }
        // One store for the recorder and the archive: the archive reads the evidence where the recorder
        // writes it (with remote media nodes, the same bucket), and objects are locked for their
        // contract's retention, the same years the archive keeps them.
        EvidenceStore store = new ContractRetentionStore(recordingConfig.openStore(), new JdbcPolicyRepository(scheduling.database()),
                settings.integer("archive.retention-years"), clock);
        NodeRecording recording = media == null ? null
                : NodeRecording.attach(recordingConfig, store, media, scheduling.sessions()::contractOf);
        // after the recorder: on a first start it creates the deployment key the archive hands out with exports
        ArchiveConfig archiveConfig = ArchiveConfig.from(underDataDir(settings, dataDir), recordingConfig.signingKeyFile());
        Archive archive = Archive.create(scheduling.database(), store, archiveConfig, clock,
                recordingConfig.tsaUrl().map(u -> new TimestampClient(u, recordingConfig.tsaTimeout())));
        if (recording != null) {
            recording.addSealListener(archive::sealed);
        }
        ArchiveRoutes archiveRoutes = new ArchiveRoutes(archive, clock);
        Thread warm = new Thread(archive.contracts()::refresh, "rinjo-archive-warm-up"); // the first search need not load every contract
        warm.setDaemon(true);
        warm.start();
        MediaGateway gateway = remote
                ? new ArchivingMediaGateway(new RemoteMediaGateway(settings.string("media.registry.redis-url"),
                        settings.string("media.control.secret")), archive)
                : new InProcessMediaGateway(media, recording == null ? null : recording.stills());
        Vertx vertx = Vertx.vertx();
        try {
            SignalingServer signaling;
            try {
                signaling = SignalingServer.start(vertx, config, scheduling, live, gateway, clock, List.of(archiveRoutes))
                        .toCompletionStage().toCompletableFuture().get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw StartFailure.ifPortTaken(e, "TCP port " + config.port() + " (http.port)", "--port or RINJO_HTTP_PORT");
            }
            if (recording != null) {
                RecordingMetrics.bind(signaling.metrics().registry(), recording.spool(), media.stats());
                var spool = recording.spool();
                signaling.healthChecks().add("recording", () -> jp.rinjo.media.node.NodeMetrics.recordingHealth(spool.stats()));
                signaling.healthChecks().evidenceAtRisk(() -> spool.evidenceAtRisk().stream()
                        .map(a -> new HealthChecks.EvidenceAtRisk(a.session(), a.where().toString(), a.since(), a.why())).toList());
            }
            // last: a start that fails before this (the port taken, a bad setting) must not create an admin
            // whose generated password was never shown, since later starts show none
            Optional<String> adminPassword = scheduling.accounts().bootstrapAdmin(
                    settings.optional("admin.initial-password").orElse(null), settings.string("admin.department"));
            return new Running(vertx, scheduling, signaling, media, recording, gateway, archive, archiveRoutes, adminPassword);
        } catch (Exception e) {
            archiveRoutes.close();
            if (recording != null) {
                recording.close();
            }
            if (media != null) {
                media.close();
            }
            vertx.close();
            scheduling.close();
            throw e;
        }
    }

}
