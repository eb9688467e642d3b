package jp.rinjo.standalone.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.test.FreePort;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.media.node.MediaNodeMain;

/**
 * The cluster shape: the media node as its own unit (control API over HTTP, registered in a real
 * Redis) and signaling placing the session on it — real browsers publish and watch through it, are
 * told by the node's recorder (through Redis) that they are being recorded, and when the session
 * ends the recording the node sealed is in the signaling node's archive under its contract, with
 * the node's renditions, and verifies there.
 */
class RemoteMediaNodeBrowserTest {
    @TempDir
    Path dir;

    @Test
    void signalingPlacesTheSessionOnARegisteredMediaNodeMediaFlowsThroughItAndTheRecordingReachesTheArchive() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            int controlPort = FreePort.tcp();
            Settings media = RemoteNodeSettings.of(dir, redis.url(), controlPort);
            try (MediaNodeMain.Running node = MediaNodeMain.start(media);
                 // one deployment: the node's evidence store is the archive's, and the archive trusts the
                 // public half of the key the node signs with (signaling needs no private key)
                 TestServer server = TestServer.start(dir, Map.of("media.mode", "remote",
                         "media.registry.redis-url", redis.url(), "media.control.secret", RemoteNodeSettings.SECRET,
                         "recording.store.filesystem.root", media.string("recording.store.filesystem.root"),
                         "archive.trusted-key-file", media.string("recording.signing-key-file") + ".pub.pem"));
                 HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("contractor"));
                 HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("office"))) {
                assertThat(server.running().media()).as("no media node inside the signaling process").isNull();
                SfuBrowserTest.Session s = SfuBrowserTest.session(server, "REMOTE-1");
                SfuBrowserTest.publisher(site, s);
                Page inspector = SfuBrowserTest.viewer(office, s, null);
                SfuBrowserTest.awaitVideo(inspector, 320, 240, 30, SfuBrowserTest.DECODE);
                SfuBrowserTest.awaitFramesAdvance(inspector, 30, Duration.ofSeconds(15));
                // the node's recorder says "recording" through Redis to this signaling node, which tells the room
                inspector.waitFor("rinjo.events('recording').some(e => e.state === 'recording')", Duration.ofSeconds(30));
                assertThat(node.node().load().publishedTracks()).isEqualTo(2);
                assertThat(node.node().stats().packetsOut.sum()).isGreaterThan(0);

                // the inspector ends the session: the node seals it into the store, and this signaling
                // node files it in its archive, under the session's contract
                server.call(HttpMethod.POST, "/api/sessions/" + s.sessionId() + "/end", s.admin(),
                        new JsonObject().put("result", "PASS"), 200);
                var index = server.running().archive().index();
                SessionId id = SessionId.of(s.sessionId());
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (index.find(id).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(200); // sealed, rendered and indexed after the REST call returns
                }
                assertThat(index.find(id)).as("in the archive once the remote node sealed it").isPresent();
                assertThat(index.find(id).get().contract().no().value()).isEqualTo("REMOTE-1");
                assertThat(index.find(id).get().renditions()).as("the node's renditions, for playback").isNotEmpty();
                // verified by the archive, which checks the manifest was signed with the deployment's key
                JsonObject verified = server.call(HttpMethod.POST, "/api/archive/recordings/" + s.sessionId() + "/verify", s.admin(),
                        new JsonObject(), 200);
                assertThat(verified.getString("status")).as("%s", verified).isEqualTo("OK");
            }
        }
    }
}
