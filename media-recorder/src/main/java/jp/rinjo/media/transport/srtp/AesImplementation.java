package jp.rinjo.media.transport.srtp;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jitsi.srtp.crypto.Aes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which AES implementation jitsi-srtp uses, chosen once per JVM before its first cipher exists.
 *
 * <p>Left alone, jitsi-srtp times OpenSSL (through JNI), SunJCE and BouncyCastle on a few blocks when
 * it creates its first cipher and keeps the fastest. On a shared machine that pick flips from start
 * to start, and a tight loop is not what the media node sees: there every packet comes with a
 * different endpoint's key, between socket calls. Measured in place on 2026-11-26 (the media
 * benchmark with the node's sessions alternately on each implementation, so both saw the same
 * load), SunJCE protected a packet in 2.2–2.7 µs against 3.2 µs for OpenSSL, and decrypted one in
 * 2.9–3.0 µs against 5.1–5.4 µs; with AES-CM + HMAC-SHA1 SunJCE was ahead too (4.0 against 4.2 µs,
 * 5.6 against 6.1 µs). SunJCE runs on the JDK's AES-NI, AVX-512 and carry-less-multiply
 * intrinsics and crosses no JNI boundary, and it is there on every JDK.
 *
 * <p>System property {@value #PROPERTY}: {@code SunJCE} (default), {@code OpenSSL},
 * {@code BouncyCastle}, or {@code auto} for jitsi-srtp's own timing.
 */
final class AesImplementation {
    static final String PROPERTY = "rinjo.srtp.aes";
    private static final String DEFAULT = "SunJCE";
    private static final Logger log = LoggerFactory.getLogger(AesImplementation.class);
    private static final AtomicBoolean CHOSEN = new AtomicBoolean();

    private AesImplementation() {
    }

    /** Tells jitsi-srtp which implementation to use; only the first call does anything. */
    static void chooseOnce() {
        if (!CHOSEN.compareAndSet(false, true)) {
            return;
        }
        String wanted = System.getProperty(PROPERTY, DEFAULT).trim();
        String factory = switch (wanted.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "sunjce" -> "SunJCE";
            case "openssl" -> "OpenSSL";
            case "bouncycastle" -> "BouncyCastle";
            default -> {
                log.warn("{}={} is not one of SunJCE, OpenSSL, BouncyCastle, auto; using {}", PROPERTY, wanted, DEFAULT);
                yield DEFAULT;
            }
        };
        if (factory != null) {
            Aes.setFactoryClassName(factory);
        }
        log.debug("SRTP AES implementation: {}", factory == null ? "jitsi-srtp's fastest by timing" : factory);
    }
}
