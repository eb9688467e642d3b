package jp.rinjo.media.recording.evidence;

import java.security.cert.X509Certificate;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestTsa} for all the tests of one class:
 * {@code @RegisterExtension static final TestTsaExtension tsa = new TestTsaExtension();}
 */
public final class TestTsaExtension implements BeforeAllCallback, AfterAllCallback {
    private TestTsa tsa;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        tsa = new TestTsa();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        tsa.close();
    }

    public TimestampClient client() {
        return tsa.client();
    }

    public X509Certificate certificate() {
        return tsa.certificate();
    }

    /** See {@link TestTsa#accuracy}. */
    public void accuracy(int seconds, int millis, int micros) {
        tsa.accuracy(seconds, millis, micros);
    }
}
