package jp.rinjo.standalone.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * The harness and this machine's browser: a page served by the standalone takes the fake camera and
 * microphone, sends them through two RTCPeerConnections and decodes them again.
 */
class LoopbackBrowserTest extends SharedServerTest {
    @Test
    void fakeCameraAndMicrophoneGoThroughAPeerConnectionAndDecode() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("loopback"))) {
            Page page = browser.open(server.url("/test/loopback.html"));

            page.waitFor("window.result.state === 'failed' || window.result.framesDecoded > 0", Duration.ofSeconds(30));
            assertThat(page.evaluateObject("window.result").getString("state")).as("%s", page.console()).isNotEqualTo("failed");
            // the encoder starts low and rises as the bandwidth estimate grows: wait for a decoded ≥ 640×480 frame
            page.waitFor("window.result.frameWidth >= 640 && window.result.frameHeight >= 480", Duration.ofSeconds(60));
            long decoded = ((Number) page.evaluate("window.result.framesDecoded")).longValue();
            page.waitFor("window.result.framesDecoded >= " + (decoded + 30), Duration.ofSeconds(30));
            page.waitFor("window.result.callbackFrames > 30", Duration.ofSeconds(30));
            page.waitFor("window.result.audioPacketsReceived > 50", Duration.ofSeconds(30));

            JsonObject result = page.evaluateObject("window.result");
            assertThat(result.getInteger("captureWidth")).isEqualTo(1280);
            assertThat(result.getInteger("captureHeight")).isEqualTo(720);
            assertThat(result.getInteger("elementWidth")).isGreaterThanOrEqualTo(640);
            assertThat(result.getInteger("elementHeight")).isGreaterThanOrEqualTo(480);

            Path shot = page.screenshot(Path.of("target", "screenshots", "loopback.png"));
            assertThat(Files.size(shot)).isGreaterThan(1000);
            page.assertNoConsoleErrors();
            System.out.println("loopback: " + result.encode());
        }
    }
}
