package jp.rinjo.standalone.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.config.Settings;
import jp.rinjo.common.test.FreePort;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.media.node.MediaNodeMain;

/**
 * The cluster shape: the media node as its own unit (control API over HTTP, registered in a real
 * Redis) and signaling placing the session on it — real browsers publish and watch through it.
 */
class RemoteMediaNodeBrowserTest {
    @TempDir
    Path dir;

    @Test
    void signalingPlacesTheSessionOnARegisteredMediaNodeAndMediaFlowsThroughIt() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            int controlPort = FreePort.tcp();
            Settings media = RemoteNodeSettings.of(dir, redis.url(), controlPort);
            try (MediaNodeMain.Running node = MediaNodeMain.start(media);
                 TestServer server = TestServer.start(dir, Map.of("media.mode", "remote",
                         "media.registry.redis-url", redis.url(), "media.control.secret", RemoteNodeSettings.SECRET));
                 HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("contractor"));
                 HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("office"))) {
                assertThat(server.running().media()).as("no media node inside the signaling process").isNull();
                SfuBrowserTest.Session s = SfuBrowserTest.session(server, "REMOTE-1");
                SfuBrowserTest.publisher(site, s);
                Page inspector = SfuBrowserTest.viewer(office, s, null);
                SfuBrowserTest.awaitVideo(inspector, 320, 240, 30, SfuBrowserTest.DECODE);
                SfuBrowserTest.awaitFramesAdvance(inspector, 30, Duration.ofSeconds(15));
                assertThat(node.node().load().publishedTracks()).isEqualTo(2);
                assertThat(node.node().stats().packetsOut.sum()).isGreaterThan(0);
            }
        }
    }
}
