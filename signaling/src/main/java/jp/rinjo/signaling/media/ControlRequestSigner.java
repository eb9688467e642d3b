package jp.rinjo.signaling.media;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.function.Supplier;

import jp.rinjo.common.control.RequestSignature;

/**
 * Builds the signed HTTP requests a media node's control API accepts ({@link RequestSignature}): the
 * shared secret never travels, and a request seen on the wire can be neither altered nor sent again,
 * since the node refuses a signature it has seen and one more than 60 s from its clock.
 */
final class ControlRequestSigner {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] secret;
    private final Clock clock;
    private final Supplier<String> nonces;

    ControlRequestSigner(String secret, Clock clock) {
        this(secret, clock, ControlRequestSigner::randomNonce);
    }

    ControlRequestSigner(String secret, Clock clock, Supplier<String> nonces) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.nonces = nonces;
    }

    /** A signed POST of {@code body} (null: empty) to {@code url}. */
    HttpRequest.Builder post(URI url, String body) {
        return postBytes(url, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    /** A signed POST of binary {@code b} (a still) to {@code url}. */
    HttpRequest.Builder postBytes(URI url, byte[] b) {
        long now = clock.instant().getEpochSecond();
        String nonce = nonces.get();
        return HttpRequest.newBuilder(url)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(RequestSignature.NONCE_HEADER, nonce)
                .header("Authorization", RequestSignature.SCHEME + " " + signature("POST", url.getRawPath(), now, nonce, b))
                .POST(HttpRequest.BodyPublishers.ofByteArray(b));
    }

    String signature(String method, String path, long timestampSeconds, String nonce, byte[] body) {
        return RequestSignature.sign(secret, method, path, timestampSeconds, nonce, body);
    }

    private static String randomNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
