package jp.rinjo.standalone.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * rinjo-client.js in a real browser against the real signaling server: a contractor (invitation)
 * and an inspector (login) see each other, chat, get a clear error for media until the media node
 * lands, and the contractor's client reconnects by itself after losing its WebSocket.
 */
class SignalingClientBrowserTest extends SharedServerTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    static String js(String s) {
        return new JsonArray().add(s).encode().replaceAll("^\\[|\\]$", "");
    }

    @Test
    void twoParticipantsSeeEachOtherChatAndTheContractorReconnectsByItself() throws Exception {
        String admin = server.loginAdmin();
        String sessionId = server.scheduleSessionNow(admin, "R8道路第7号");
        String invitation = server.invite(admin, sessionId, "CONTRACTOR", "現場代理人 山田");

        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("signaling"))) {
            Page contractor = browser.open(server.url("/test/client.html"));
            Page inspector = browser.openIsolated(server.url("/test/client.html"));

            JsonObject w1 = (JsonObject) contractor.evaluate("rinjo.join({invitation: " + js(invitation) + "})");
            assertThat(w1.getString("type")).as("%s", w1).isEqualTo("welcome");
            assertThat(w1.getString("role")).isEqualTo("CONTRACTOR");
            String p1 = w1.getString("participantId");

            JsonObject w2 = (JsonObject) inspector.evaluate("rinjo.join({auth: " + js(admin) + ", sessionId: " + js(sessionId) + "})");
            assertThat(w2.getString("type")).as("%s", w2).isEqualTo("welcome");
            assertThat(w2.getString("role")).isEqualTo("INSPECTOR");
            String p2 = w2.getString("participantId");
            assertThat(w2.getJsonArray("participants").stream().map(p -> ((JsonObject) p).getString("participantId")))
                    .contains(p1, p2);

            // presence: the contractor is told that the inspector came
            contractor.waitFor("rinjo.events('presence').some(p => p.event === 'joined' && p.participant.participantId === "
                    + js(p2) + ")", WAIT);
            assertThat(contractor.evaluate("rinjo.participants().includes(" + js(p2) + ")")).isEqualTo(true);
            assertThat(contractor.evaluate("rinjo.events('state').map(s => s.state).join()")).isEqualTo("connecting,joined");

            // chat both ways (the sender gets its own message back too)
            contractor.evaluate("rinjo.chat('現場に到着しました')");
            inspector.waitFor("rinjo.events('chat').some(c => c.text === '現場に到着しました' && c.from === " + js(p1) + ")", WAIT);
            inspector.evaluate("rinjo.chat('カメラを配筋に向けてください')");
            contractor.waitFor("rinjo.events('chat').some(c => c.text === 'カメラを配筋に向けてください' && c.from === "
                    + js(p2) + ")", WAIT);

            // the standalone's media node takes the publication (media itself is tested in SfuBrowserTest)
            assertThat(contractor.evaluate("rinjo.publish()")).isEqualTo("ok");
            assertThat(contractor.evaluate("rinjo.state")).isEqualTo("joined");

            // the contractor's WebSocket drops: the client reconnects by itself and the inspector sees it back
            contractor.evaluate("rinjo._ws.close()");
            contractor.waitFor("rinjo.events('state').some(s => s.state === 'reconnecting')", WAIT);
            contractor.waitFor("rinjo.state === 'joined' && rinjo.events('welcome').length === 2", WAIT);
            inspector.waitFor("(() => { const mine = rinjo.events('presence').filter(p => p.participant.participantId === "
                    + js(p1) + ").map(p => p.event).join(); return mine.endsWith('left,joined'); })()", WAIT);
            assertThat(contractor.evaluate("rinjo.events('state').map(s => s.state).join()"))
                    .isEqualTo("connecting,joined,reconnecting,joined");
            assertThat(contractor.evaluate("rinjo.participantId")).isEqualTo(p1);
            assertThat(inspector.evaluate("rinjo.participants().includes(" + js(p1) + ")")).isEqualTo(true);
            contractor.evaluate("rinjo.chat('再接続しました')");
            inspector.waitFor("rinjo.events('chat').some(c => c.text === '再接続しました')", WAIT);

            // the same invitation opened in another tab replaces this one, which must then not fight back
            Page otherTab = browser.open(server.url("/test/client.html"));
            JsonObject w3 = (JsonObject) otherTab.evaluate("rinjo.join({invitation: " + js(invitation) + "})");
            assertThat(w3.getString("participantId")).isEqualTo(p1);
            contractor.waitFor("rinjo.state === 'closed'", WAIT);
            assertThat(contractor.evaluate("rinjo.events('bye').map(b => b.reason).join()")).isEqualTo("replaced");
            assertThat(contractor.evaluate("rinjo.events('state').at(-1).reason")).isEqualTo("replaced");
            otherTab.evaluate("rinjo.chat('別の端末から')");
            inspector.waitFor("rinjo.events('chat').some(c => c.text === '別の端末から')", WAIT);
            assertThat(otherTab.evaluate("rinjo.state")).isEqualTo("joined");

            // leaving is final: the inspector sees the contractor go
            otherTab.evaluate("rinjo.leave()");
            inspector.waitFor("rinjo.events('presence').some(p => p.event === 'left' && p.reason === 'left' "
                    + "&& p.participant.participantId === " + js(p1) + ")", WAIT);
            assertThat(otherTab.evaluate("rinjo.state")).isEqualTo("closed");

            System.out.println("contractor events: " + contractor.evaluate(
                    "rinjo.log.map(e => e.type + ' ' + JSON.stringify(e.detail).slice(0, 120)).join('\\n')"));
            contractor.assertNoConsoleErrors();
            inspector.assertNoConsoleErrors();
            otherTab.assertNoConsoleErrors();
            inspector.screenshot(Path.of("target", "screenshots", "signaling-inspector.png"));
        }
    }

    @Test
    void aPublishOfferLostOnTheWayIsRetriedUntilThePhoneSends() throws Exception {
        String admin = server.loginAdmin();
        String sessionId = server.scheduleSessionNow(admin, "R8道路第8号");
        String invitation = server.invite(admin, sessionId, "CONTRACTOR", "現場代理人 佐藤");
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("publish-retry"))) {
            Page contractor = browser.open(server.url("/test/client.html"));
            // a socket that loses the first publish offer, as a weak link may while the WebSocket stays open
            JsonObject w = (JsonObject) contractor.evaluate("rinjo.join({invitation: " + js(invitation) + ", answerTimeoutMs: 1500, "
                    + "WebSocket: class extends WebSocket { send(d) { if (!window.lostOffers && String(d).includes('\"purpose\":\"publish\"')) "
                    + "{ window.lostOffers = 1; return; } super.send(d); } } })");
            assertThat(w.getString("type")).as("%s", w).isEqualTo("welcome");

            JsonObject failed = (JsonObject) contractor.evaluate("rinjo.publish()");
            assertThat(failed.getString("error")).as("%s", failed).isEqualTo("timeout");
            // the page says it is trying again: it must, and the phone ends up sending
            contractor.waitFor("rinjo.events('publishState').some(s => s.state === 'connected') && rinjo.state === 'joined'", WAIT);
            assertThat(contractor.evaluate("rinjo.events('state').map(s => s.state).join()"))
                    .isEqualTo("connecting,joined,reconnecting,joined");
            assertThat(contractor.evaluate("window.lostOffers")).isEqualTo(1);
            contractor.waitFor("rinjo.client._pub.getStats().then(r => [...r.values()].some(s => s.type === 'outbound-rtp' "
                    + "&& s.kind === 'video' && s.packetsSent > 20))", WAIT);
        }
    }

    @Test
    void aPublishNoMediaNodeTakesIsTriedAgainAfterABackoffUntilThePhoneSends() throws Exception {
        String admin = server.loginAdmin();
        String sessionId = server.scheduleSessionNow(admin, "R8道路第9号");
        String invitation = server.invite(admin, sessionId, "CONTRACTOR", "現場代理人 鈴木");
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("publish-unavailable"))) {
            Page contractor = browser.open(server.url("/test/client.html"));
            // in a cluster while the session's media node restarts, signaling answers a publish offer with
            // error media-unavailable: this socket gives that answer to the first offer instead of sending it
            JsonObject w = (JsonObject) contractor.evaluate("rinjo.join({invitation: " + js(invitation) + ", "
                    + "WebSocket: class extends WebSocket { send(d) { const m = JSON.parse(d);"
                    + " if (m.type === 'sdp' && m.purpose === 'publish') { (window.offers ??= []).push(performance.now());"
                    + "   if (window.offers.length === 1) { setTimeout(() => this.dispatchEvent(new MessageEvent('message', {data: JSON.stringify("
                    + "     {v: 1, type: 'error', code: 'media-unavailable', message: 'no media node', ref: m.ref})})), 10); return; } }"
                    + " super.send(d); } } })");
            assertThat(w.getString("type")).as("%s", w).isEqualTo("welcome");

            JsonObject failed = (JsonObject) contractor.evaluate("rinjo.publish()");
            assertThat(failed.getString("error")).as("%s", failed).isEqualTo("media-unavailable");
            // the client publishes again by itself, after a pause, and the phone ends up sending
            contractor.waitFor("rinjo.events('publishState').some(s => s.state === 'connected')", WAIT);
            contractor.waitFor("rinjo.client._pub.getStats().then(r => [...r.values()].some(s => s.type === 'outbound-rtp' "
                    + "&& s.kind === 'video' && s.packetsSent > 20))", WAIT);
            JsonArray offers = (JsonArray) contractor.evaluate("window.offers");
            assertThat(offers.size()).as("publish offers %s", offers).isEqualTo(2);
            assertThat(offers.getDouble(1) - offers.getDouble(0)).as("ms before trying again").isGreaterThanOrEqualTo(4500.0);
            // signaling was never in question: no reconnect, chat went on
            assertThat(contractor.evaluate("rinjo.events('state').map(s => s.state).join()")).isEqualTo("connecting,joined");
            assertThat(contractor.evaluate("rinjo.events('error').map(e => e.code).join()")).isEqualTo("media-unavailable");
            contractor.assertNoConsoleErrors();
        }
    }

    @Test
    void aBadInvitationIsRefusedWithItsCodeAndNotRetried() {
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("bad-token"))) {
            Page page = browser.open(server.url("/test/client.html"));
            JsonObject r = (JsonObject) page.evaluate("rinjo.join({invitation: 'not-a-token'})");
            assertThat(r.getString("error")).as("%s", r).isEqualTo("token-invalid");
            assertThat(page.evaluate("rinjo.state")).isEqualTo("closed");
            assertThat(page.evaluate("rinjo.events('error').map(e => e.code).join()")).isEqualTo("token-invalid");
            page.assertNoConsoleErrors();
        }
    }
}
