package jp.rinjo.standalone.browser;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose tests share one real server (HTTPS, embedded stores, in-process media node) started
 * before the first and closed after the last, with its data under a fresh temporary folder. Cameras need
 * a secure context, so browser tests load their pages from it rather than from about:blank.
 *
 * <p>The field is static and declared here once, so test classes must not run concurrently (they do not:
 * Surefire runs one class after another in this module).
 */
abstract class SharedServerTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
