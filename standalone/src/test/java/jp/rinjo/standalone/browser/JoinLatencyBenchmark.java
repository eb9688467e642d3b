package jp.rinjo.standalone.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark, not a test: from opening the contractor's page to the first frame of its video decoded
 * at the inspector, over repeated joins on loopback. The contractor's browser is a fresh headless
 * Chromium page per join (getUserMedia, WebSocket, join, publish, ICE, DTLS, keyframe); the
 * inspector's page stays in the call and notes when each new contractor's first frame is painted.
 *
 * <p>Run: {@code ./rinjo bench join [joins=20]}
 */
public final class JoinLatencyBenchmark {
    private JoinLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int joins = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("rinjo-join-bench");
        List<Long> latencies = new ArrayList<>();
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("site"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("office"))) {
            SfuBrowserTest.Session s = SfuBrowserTest.session(server, "BENCH-JOIN");
            Page inspector = SfuBrowserTest.viewer(office, s, null);
            inspector.evaluate("""
                    window.firstFrames = {};
                    const seen = new Set();
                    setInterval(() => document.querySelectorAll('video').forEach(v => {
                      const p = v.dataset.participant;
                      if (p && !seen.has(v)) {
                        seen.add(v);
                        v.requestVideoFrameCallback(() => { window.firstFrames[p] = Date.now(); });
                      }
                    }), 5);
                    'ok'""");
            for (int i = 0; i < joins; i++) {
                String token = s.invite("CONTRACTOR", "現場代理人 " + i);
                Page contractor = site.open(server.url("/test/sfu.html"));
                contractor.waitFor("!!window.rinjo", Duration.ofSeconds(10));
                Object welcome = contractor.evaluate("rinjo.join({invitation: '" + token + "'})");
                String participant = ((io.vertx.core.json.JsonObject) welcome).getString("participantId");
                contractor.evaluate("rinjo.publish({video: {width: 1280, height: 720}, audio: true})");
                inspector.waitFor("!!window.firstFrames['" + participant + "']", Duration.ofSeconds(30));
                long opened = ((Number) contractor.evaluate("Math.round(performance.timeOrigin)")).longValue();
                long firstFrame = ((Number) inspector.evaluate("window.firstFrames['" + participant + "']")).longValue();
                latencies.add(firstFrame - opened);
                System.out.printf("join %2d: %4d ms%n", i + 1, firstFrame - opened);
                contractor.evaluate("rinjo.leave().then(() => 'left')");
                contractor.close();
            }
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        int n = sorted.size();
        System.out.printf("page opened → first decoded frame at the inspector, %d joins: p50 %d ms, p95 %d ms, min %d ms, max %d ms%n",
                n, sorted.get(n / 2), sorted.get(Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)), sorted.get(0), sorted.get(n - 1));
        System.exit(0);
    }
}
