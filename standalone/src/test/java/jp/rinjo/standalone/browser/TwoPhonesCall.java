package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.PointerBrowserTest.MEDIA;
import static jp.rinjo.standalone.browser.PointerBrowserTest.WAIT;

import java.nio.file.Path;

/**
 * One live call on a real server: two contractors' phones (現場代理人 山田 as A, 職長 鈴木 as B, fake cameras,
 * one browser of the site with a separate profile for B) and the inspector's desk (another browser), which
 * shows both videos and its stage picker. For tests of what goes to the phone whose video is on the stage.
 */
record TwoPhonesCall(TestServer server, String admin, String session, HeadlessChromium site, HeadlessChromium office, Page phoneA,
                     Page phoneB, String a, String b, Page desk) implements AutoCloseable {

    static TwoPhonesCall start(Path dir, String name) throws Exception {
        TestServer server = TestServer.start(dir);
        HeadlessChromium site = null;
        HeadlessChromium office = null;
        try {
            site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName(name + "-site"));
            office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName(name + "-office"));
            String admin = server.loginAdmin();
            String session = server.scheduleSessionNow(admin, name.toUpperCase(java.util.Locale.ROOT));
            String tokenA = server.invite(admin, session, "CONTRACTOR", "現場代理人 山田");
            String tokenB = server.invite(admin, session, "CONTRACTOR", "職長 鈴木");
            Page phoneA = PointerBrowserTest.contractor(server, site, tokenA);
            Page phoneB = PointerBrowserTest.contractor(server, site.openIsolated("about:blank"), tokenB);
            Page desk = PointerBrowserTest.inspector(server, office.open("about:blank"), "admin", TestServer.ADMIN_PASSWORD, session);
            desk.waitFor("__rinjo.videos().then(vs => vs.filter(v => v.width > 0).length >= 2)", MEDIA);
            desk.waitFor("document.querySelectorAll('#stage-picker:not([hidden]) button').length === 2", WAIT);
            return new TwoPhonesCall(server, admin, session, site, office, phoneA, phoneB, participantOf(phoneA), participantOf(phoneB), desk);
        } catch (Exception | AssertionError e) {
            closeAll(office, site, server);
            throw e;
        }
    }

    static String participantOf(Page phone) {
        return (String) phone.evaluate("__rinjo.client.participantId");
    }

    /** Puts that participant's video on the desk's stage with the picker, and waits until it plays there. */
    void stage(String participant) {
        UserInput.click(desk, "#stage-picker button[data-participant=" + UserInput.js(participant) + "]");
        desk.waitFor("document.querySelector('#remote-main video')?.dataset.participant === " + UserInput.js(participant)
                + " && document.querySelector('#remote-main video').videoWidth > 0", WAIT);
    }

    @Override
    public void close() {
        closeAll(office, site, server);
    }

    private static void closeAll(AutoCloseable... all) {
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // the next one is closed all the same; the test's own failure, if any, is what matters
                }
            }
        }
    }
}
