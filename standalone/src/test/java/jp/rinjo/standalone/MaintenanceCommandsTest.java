package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.RecordingConfig;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.DatabaseConfig;

/**
 * {@code ./rinjo reindex} and {@code seal-lost} run, as the operator runs them (their own process),
 * while a standalone holds the embedded database: one line says what to do (no stack trace), exit
 * status 1. (The test's class path logs at INFO, so a pool's start line may precede it.)
 */
class MaintenanceCommandsTest {
    @TempDir
    Path dir;

    record Run(int exit, String output) {
    }

    @Test
    void whileTheStandaloneHoldsTheEmbeddedDatabaseTheCommandsSayWhatToDoInOneLine() throws Exception {
        Settings settings = Settings.load(null, Map.of(), new Properties(), StandaloneOptions.DEFAULTS).with("data.dir", dir.toString());
        DeploymentKey.loadOrCreate(RecordingConfig.from(Main.underDataDir(settings, dir)).signingKeyFile());
        try (Database held = Database.open(DatabaseConfig.embedded(dir))) {
            Run reindex = run(ReindexCommand.class, "--data", dir.toString());
            assertThat(reindex.exit()).as(reindex.output()).isEqualTo(1);
            assertThat(reindex.output()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(reindex.output().lines().filter(l -> l.startsWith("reindex: "))).as(reindex.output()).singleElement().asString()
                    .contains("in use by the running standalone").contains("stop it first")
                    .contains("POST /api/archive/reindex");

            Run sealLost = run(SealFromStoreCommand.class, SessionId.random().value(), "--why", "disk failed", "--data", dir.toString());
            assertThat(sealLost.exit()).as(sealLost.output()).isEqualTo(1);
            assertThat(sealLost.output()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(sealLost.output().lines().filter(l -> l.startsWith("seal-lost: "))).as(sealLost.output()).singleElement().asString()
                    .contains("in use by the running standalone").contains("stop it first");
        }
    }

    @Test
    void aDataFolderWithoutADatabaseIsNamedInsteadOfGettingANewEmptyOne() throws Exception {
        Path typo = dir.resolve("rinjo-dta"); // --data mistyped
        Run reindex = run(ReindexCommand.class, "--data", typo.toString());
        assertThat(reindex.exit()).as(reindex.output()).isEqualTo(1);
        assertThat(reindex.output().lines().filter(l -> l.startsWith("reindex: "))).as(reindex.output()).singleElement().asString()
                .contains("no Rinjo database in " + typo).contains("--data");
        assertThat(typo.resolve("db")).as("no new database made there").doesNotExist();
    }

    @Test
    void eachCommandsHelpIsItsOwn() throws Exception {
        Run reindex = run(ReindexCommand.class, "--help");
        assertThat(reindex.exit()).isZero();
        assertThat(reindex.output()).contains("usage: rinjo reindex").doesNotContain("--port");
        Run sealLost = run(SealFromStoreCommand.class, "--help");
        assertThat(sealLost.exit()).isZero();
        assertThat(sealLost.output()).contains("usage: rinjo seal-lost SESSION_ID --why");
    }

    private static Run run(Class<?> command, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), command.getName()));
        line.addAll(List.of(args));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }
}
