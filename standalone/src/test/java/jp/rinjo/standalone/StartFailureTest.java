package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rinjo run} as the operator starts it (its own process) on a machine where something is in
 * the way: the process ends (it does not hang with the media node's threads still running), and one
 * line starting {@code rinjo: } says what is in the way and which setting changes it, without a
 * stack trace. (The test's class path logs at INFO, so start lines may precede it.)
 */
class StartFailureTest {
    @TempDir
    Path dir;

    record Run(int exit, String output) {
        String line() {
            return output.lines().filter(l -> l.startsWith("rinjo: ")).reduce((a, b) -> a + "\n" + b).orElse("");
        }
    }

    @Test
    void theWebPortTakenIsNamedWithHowToChooseAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Run run = start("--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exit()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).doesNotContain("\tat ");
            assertThat(run.line()).as(run.output()).contains("TCP port " + taken.getLocalPort()).contains("already in use")
                    .contains("--port").contains("RINJO_HTTP_PORT");
        }
    }

    @Test
    void theMediaPortTakenIsNamedWithHowToChooseAnother() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0)) {
            Run run = start("-Drinjo.media.udp-port=" + taken.getLocalPort(), "--port", "0");
            assertThat(run.exit()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).doesNotContain("\tat ");
            assertThat(run.line()).as(run.output()).contains("UDP port " + taken.getLocalPort()).contains("already in use")
                    .contains("RINJO_MEDIA_UDP_PORT");
        }
    }

    @Test
    void aBadValueIsNamedAndTheProcessEnds() throws Exception {
        Run run = start("-Drinjo.recording.segment-duration=2sec", "--port", "0");
        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).doesNotContain("\tat ");
        assertThat(run.line()).as(run.output()).contains("'recording.segment-duration'").contains("'2sec'");
    }

    @Test
    void aFolderItCannotWriteInIsNamedBeforeAnythingStarts() throws Exception {
        // (the tests run as root, whom permissions do not stop: a file where the folder should be stands in)
        java.nio.file.Path inTheWay = java.nio.file.Files.writeString(dir.resolve("not-a-folder"), "x");
        Run run = start("-Drinjo.recording.spool-dir=" + inTheWay.resolve("spool"), "--port", "0");
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).doesNotContain("\tat ").doesNotContain("is running");
        assertThat(run.line()).as(run.output()).contains("cannot write in " + inTheWay.resolve("spool")).contains("recording.spool-dir")
                .contains("write access");
    }

    /** Options starting with -D go to the JVM (settings as system properties), the rest to the standalone. */
    private Run start(String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Drinjo.media.udp-port=0"));
        List<String> options = new ArrayList<>(List.of("--data", dir.toString()));
        for (String a : args) {
            (a.startsWith("-D") ? line : options).add(a);
        }
        line.add(Main.class.getName());
        line.addAll(options);
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                output.append(e);
            }
        });
        reader.start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        reader.join(10_000);
        assertThat(ended).as("the process ended after failing to start:\n" + output).isTrue();
        return new Run(p.exitValue(), output.toString());
    }
}
