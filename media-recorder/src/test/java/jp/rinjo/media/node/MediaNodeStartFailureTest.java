package jp.rinjo.media.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rinjo media-node} as the operator starts it (its own process) where it cannot start: the
 * process ends instead of hanging on the media node's threads, with one line saying what is wrong.
 */
class MediaNodeStartFailureTest {
    @TempDir
    Path dir;

    record Run(int exit, String output) {
    }

    @Test
    void argumentsItDoesNotTakeAreRefusedWithTheUsage() throws Exception {
        Run run = run(List.of(), "--port", "9000");
        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("unexpected --port 9000").contains("usage: rinjo media-node [--config media.properties]");
    }

    @Test
    void theMediaPortTakenIsNamedAndTheProcessEnds() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0)) {
            Run run = run(List.of("-Drinjo.media.udp-port=" + taken.getLocalPort(), "-Drinjo.recording.spool-dir=" + dir.resolve("spool")));
            assertThat(run.exit()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).doesNotContain("\tat ");
            assertThat(run.output().lines().filter(l -> l.startsWith("rinjo: "))).as(run.output()).singleElement().asString()
                    .contains("already in use").contains("media.udp-port").contains("RINJO_MEDIA_UDP_PORT");
        }
    }

    private static Run run(List<String> jvmOptions, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        line.addAll(jvmOptions);
        line.add(MediaNodeMain.class.getName());
        line.addAll(List.of(args));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                return e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("the process ended by itself").isTrue();
        return new Run(p.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }
}
