package jp.rinjo.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.auth.PasswordHasher;
import jp.rinjo.scheduling.auth.SigningKey;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.DatabaseConfig;
import jp.rinjo.scheduling.service.ContractService;
import jp.rinjo.scheduling.service.InvitationService;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.TimeWindow;
import jp.rinjo.signaling.SignalingServer;
import jp.rinjo.signaling.config.SignalingConfig;
import jp.rinjo.signaling.live.InMemoryLiveState;
import jp.rinjo.signaling.media.MediaGateway;

/**
 * The server side of the WebSocket load benchmark, run in its own JVM (so its heap is measured
 * alone): one signaling node with sessions and invitations prepared, tokens written to a file.
 * Commands on stdin: {@code heap} prints the heap used after a full GC.
 */
public final class BenchServer {
    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = Integer.parseInt(args[0]);
        int perSession = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        Files.createDirectories(dir);
        Clock clock = Clock.systemUTC();
        Database db = Database.open(DatabaseConfig.embedded(dir));
        Scheduling scheduling = Scheduling.create(db, new Scheduling.Options(SigningKey.random(), Duration.ofHours(12),
                Duration.ofMinutes(30), PasswordHasher.owaspDefaults()),
                new jp.rinjo.archive.audit.AdminActAudit(new jp.rinjo.archive.jdbc.JdbcAuditLog(db, clock)), clock);
        scheduling.accounts().bootstrapAdmin("benchmark-password", "道路課");
        Actor admin = scheduling.auth().authenticate(scheduling.auth().login("admin", "benchmark-password").token());
        scheduling.contracts().register(admin, new ContractService.ContractDraft("BENCH-1", "負荷試験工事", "臨場建設", "道路課",
                LocalDate.now(), LocalDate.now().plusDays(30), "試験場"));
        Instant start = clock.instant().minus(Duration.ofMinutes(5));
        try (PrintWriter tokens = new PrintWriter(Files.newBufferedWriter(dir.resolve("tokens.txt"), StandardCharsets.UTF_8))) {
            for (int s = 0; s < sessions; s++) {
                SessionService.SessionView v = scheduling.sessions().schedule(admin, new SessionService.SessionDraft("BENCH-1",
                        InspectionType.STAGE_CHECK, new TimeWindow(start, start.plus(Duration.ofHours(4))), null, null));
                for (int p = 0; p < perSession; p++) {
                    var inv = scheduling.invitations().invite(admin, v.session().id(), new InvitationService.InvitationDraft(
                            p == 0 ? ParticipantRole.CONTRACTOR : ParticipantRole.OBSERVER, "参加者" + p, null));
                    tokens.println(s + " " + inv.token());
                }
            }
        }
        Settings settings = Settings.load(null, Map.of(), new Properties(), "signaling-defaults.properties")
                .with("http.host", "127.0.0.1").with("http.port", "0")
                .with("http.tls.keystore", dir.resolve("tls.p12").toString())
                .with("ws.join-timeout", "120s")
                // the load generator's connections do not ping; they stay open for the whole run
                .with("ws.idle-timeout", "1h");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        SignalingServer server = SignalingServer.start(vertx, SignalingConfig.from(settings, dir), scheduling,
                new InMemoryLiveState(NodeId.random()), MediaGateway.none(), clock).toCompletionStage().toCompletableFuture().get();
        System.out.println("READY " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("heap")) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                System.out.println("HEAP used=" + heap.getUsed() + " max=" + heap.getMax() + " connections="
                        + server.hub().localConnectionCount());
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        System.exit(0);
    }
}
