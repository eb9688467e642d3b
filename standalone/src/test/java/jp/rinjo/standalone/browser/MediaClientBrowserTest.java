package jp.rinjo.standalone.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * The media half of rinjo-client.js — publish, subscribe, renegotiation, recovery — against a fake
 * media node that lives in the test page (webroot/test/fake-media-node.js) and uses real
 * RTCPeerConnections, until the real node can be used.
 */
class MediaClientBrowserTest extends SharedServerTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void publishesSubscribesFollowsRenegotiationAndRecoversItsConnections() {
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("media"))) {
            Page page = browser.open(server.url("/test/media.html"));
            JsonObject welcome = page.evaluateObject("rinjo.join({})");
            assertThat(welcome.getString("type")).as("%s", welcome).isEqualTo("welcome");

            // publish: the node receives and decodes our camera and microphone
            assertThat(page.evaluate("rinjo.publish()")).isEqualTo("ok");
            page.waitFor("rinjo.client._pub.connectionState === 'connected'", WAIT);
            page.waitFor("node.publishStats().then(s => s.video && s.video.framesDecoded > 10 && s.audio.packetsReceived > 10)", WAIT);
            JsonObject stats = page.evaluateObject("rinjo.client.stats()");
            JsonObject out = stats.getJsonObject("publish");
            assertThat(out.getJsonObject("video").getInteger("frameWidth")).as("%s", stats).isEqualTo(640);
            assertThat(out.getJsonObject("video").getLong("bytesSent")).isPositive();
            assertThat(out.getJsonObject("audio").getLong("packetsSent")).isPositive();
            assertThat(out.getJsonObject("pair").getValue("currentRoundTripTime")).isNotNull();
            String codec = (String) page.evaluate("/m=video[^]*?a=rtpmap:\\d+ ([^\\r\\n]+)/.exec(rinjo.client._pub.remoteDescription.sdp)[1]");

            // subscribe: another participant's tracks arrive, attributed to them
            page.evaluate("addOther('par_a')");
            page.waitFor("rinjo.events('remoteTrack').filter(t => t.participantId === 'par_a').length === 2", WAIT);
            page.waitFor(inbound("par_a", "video", "framesDecoded > 10"), WAIT);
            page.waitFor(inbound("par_a", "audio", "packetsReceived > 10"), WAIT);

            // a second participant, then the same offer three times in a row: applied one after another
            page.evaluate("addOther('par_b')");
            page.evaluate("node.offerSubscribe(3)");
            page.waitFor("node.subscribeAnswers >= 5", WAIT);
            page.waitFor(inbound("par_b", "video", "framesDecoded > 10"), WAIT);
            assertThat(page.evaluate("rinjo.events('remoteTrack').filter(t => t.participantId === 'par_b').length")).isEqualTo(2);

            // the first one leaves: their m-lines go inactive and their tracks end
            page.evaluate("node.removeParticipant('par_a')");
            page.waitFor("rinjo.events('remoteTrackEnded').filter(t => t.participantId === 'par_a').length === 2", WAIT);
            assertThat(page.evaluate("rinjo.client.remoteTracks.map(t => t.participantId).sort().join()")).isEqualTo("par_b,par_b");
            assertThat(page.evaluate("rinjo.events('remoteTrackEnded').length")).isEqualTo(2);

            // the WebSocket drops while media flows: re-join, ICE restart on the same publish connection
            page.evaluate("window.firstPub = rinjo.client._pub; rinjo._ws.close()");
            page.waitFor("rinjo.events('state').map(s => s.state).join().endsWith('reconnecting,joined')", WAIT);
            assertThat(page.evaluate("rinjo.client._pub === window.firstPub")).isEqualTo(true);
            assertThat(page.evaluate("node.publishOffers")).isEqualTo(2);
            long decoded = ((Number) page.evaluate("node.publishStats().then(s => s.video.framesDecoded)")).longValue();
            page.waitFor("node.publishStats().then(s => s.video.framesDecoded > " + (decoded + 10) + ")", WAIT);

            // again, but the node has lost us (a new DTLS identity): the client publishes on a new connection
            page.evaluate("node.forgetOnNextPublish = true; rinjo._ws.close()");
            page.waitFor("rinjo.events('state').filter(s => s.state === 'reconnecting').length === 2 && rinjo.state === 'joined'", WAIT);
            assertThat(page.evaluate("rinjo.client._pub !== window.firstPub && window.firstPub.connectionState === 'closed'"))
                    .isEqualTo(true);
            page.waitFor("rinjo.client._pub.connectionState === 'connected'", WAIT);
            page.waitFor("node.publishStats().then(s => s.video && s.video.framesDecoded > 10)", WAIT);

            // the publish connection dies silently (the node lost it): disconnected for 5 s → republish
            page.evaluate("window.secondPub = rinjo.client._pub; node.dropPublish()");
            page.waitFor("rinjo.events('state').some(s => s.state === 'reconnecting' && s.reason === 'publish connection disconnected')",
                    WAIT);
            page.waitFor("rinjo.state === 'joined' && rinjo.client._pub !== window.secondPub "
                    + "&& rinjo.client._pub.connectionState === 'connected'", WAIT);
            page.waitFor("node.publishStats().then(s => s.video && s.video.framesDecoded > 10)", WAIT);

            // the node restarts its side of the subscribe connection: the client follows
            page.evaluate("node.restartSubscribe()");
            page.waitFor("node.sub.connectionState === 'connected'", WAIT);
            page.waitFor(inbound("par_b", "video", "framesDecoded > 10"), WAIT);
            page.waitFor("rinjo.client.remoteTracks.filter(t => t.participantId === 'par_b' && t.track.readyState === 'live').length === 2", WAIT);

            page.screenshot(Path.of("target", "screenshots", "media-client.png"));
            assertThat(page.evaluate("rinjo.events('error').length")).as("%s", page.evaluate("JSON.stringify(rinjo.events('error'))"))
                    .isEqualTo(0);
            assertThat(page.evaluate("node.failures.join()")).isEqualTo("");

            page.evaluate("rinjo.client.unpublish()");
            assertThat(page.evaluate("rinjo.client._pub")).isNull();
            page.evaluate("rinjo.leave()");
            assertThat(page.evaluate("rinjo.state")).isEqualTo("closed");
            assertThat(page.evaluate("rinjo.client.remoteTracks.length")).isEqualTo(0);
            page.assertNoConsoleErrors();
            System.out.println("media client: publish codec " + codec + ", stats " + stats.encode() + "\nclient events:\n"
                    + page.evaluate("document.getElementById('out').textContent"));
        }
    }

    /** A predicate on the client's stats(): an inbound track of the participant and kind matching the condition. */
    static String inbound(String participantId, String kind, String condition) {
        return "rinjo.client.stats().then(s => s.inbound.some(i => i.participantId === '" + participantId
                + "' && i.kind === '" + kind + "' && i." + condition + "))";
    }
}
