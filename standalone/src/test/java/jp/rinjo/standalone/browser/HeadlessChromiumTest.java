package jp.rinjo.standalone.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The harness itself: evaluation, waiting, console collection, several pages and browsers, cleanup. */
class HeadlessChromiumTest extends SharedServerTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void evaluatesWaitsAndCollectsWhatThePageReports() {
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("harness"))) {
            Page a = browser.open("about:blank");
            assertThat(a.evaluate("1 + 1")).isEqualTo(2);
            assertThat(a.evaluate("'臨場'")).isEqualTo("臨場");
            assertThat(a.evaluate("({a: [1, 'b'], c: null})")).isEqualTo(new JsonObject().put("a", new JsonArray().add(1).add("b")).putNull("c"));
            assertThat(a.evaluate("undefined")).isNull();
            assertThat(a.evaluate("NaN")).isEqualTo("NaN");
            assertThat(a.evaluate("new Promise(r => setTimeout(() => r(5), 50))")).isEqualTo(5);
            assertThatThrownBy(() -> a.evaluate("(() => { throw new Error('boom'); })()"))
                    .isInstanceOf(JsException.class).hasMessageContaining("Error: boom");
            assertThatThrownBy(() -> a.evaluate("Promise.reject(new TypeError('nope'))"))
                    .isInstanceOf(JsException.class).hasMessageContaining("TypeError: nope");

            a.evaluate("setTimeout(() => window.ready = 42, 200)");
            assertThat(a.waitFor("window.ready", WAIT)).isEqualTo(42);
            assertThatThrownBy(() -> a.waitFor("window.never.there", Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("window.never.there").hasMessageContaining("TypeError");
            assertThat(a.errors()).isEmpty();

            a.evaluate("console.log('hello'); console.error('bad thing'); setTimeout(() => { throw new Error('uncaught one'); });"
                    + " Promise.reject(new Error('unhandled two')); 0");
            a.waitForConsole(e -> e.text().contains("uncaught one"), WAIT);
            a.waitForConsole(e -> e.text().contains("unhandled two"), WAIT);
            assertThat(a.console()).anyMatch(e -> e.text().equals("hello") && !e.isError());
            assertThat(a.errors()).extracting(Page.ConsoleEntry::text)
                    .anyMatch(t -> t.equals("bad thing")).anyMatch(t -> t.contains("uncaught one")).anyMatch(t -> t.contains("unhandled two"));
            assertThatThrownBy(a::assertNoConsoleErrors).hasMessageContaining("bad thing");

            // a second page has its own window and its own console
            Page b = browser.open("about:blank");
            b.evaluate("window.x = 1");
            assertThat(a.evaluate("window.x")).isNull();
            assertThat(b.errors()).isEmpty();
            Page c = browser.openIsolated("about:blank");
            assertThat(c.evaluate("window.x")).isNull();
            b.close();
            assertThat(browser.pages()).containsExactly(a, c);

            byte[] png = a.screenshot();
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void browsersAreSeparateProcessesAndCloseLeavesNothingBehind() {
        HeadlessChromium one = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("first"));
        HeadlessChromium two = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("second").withFakeFps(15));
        List<ProcessHandle> processes;
        try {
            assertThat(one.pid()).isNotEqualTo(two.pid());
            assertThat(one.open("about:blank").evaluate("navigator.userAgent")).asString().contains("HeadlessChrome");
            assertThat(two.open(server.url("/")).evaluate("navigator.mediaDevices.getUserMedia({video: true})"
                    + ".then(s => s.getVideoTracks()[0].getSettings().frameRate)")).isEqualTo(15);
            processes = one.processes();
            assertThat(processes.size()).isGreaterThan(1);
        } finally {
            one.close();
            two.close();
        }
        // gone, or dead and waiting for init to reap them (a zombie holds nothing but its process-table entry)
        assertThat(processes).noneMatch(HeadlessChromium::running);
        assertThat(two.processes()).noneMatch(HeadlessChromium::running);
        assertThat(Files.exists(one.profileDir())).isFalse();
        assertThat(Files.exists(two.profileDir())).isFalse();
        assertThat(Files.exists(one.logFile())).isTrue();
    }
}
