package jp.rinjo.signaling.media;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the signed HTTP requests a media node's control API accepts (media-recorder's
 * {@code RequestSignature}): the shared secret never travels, and a request seen on the wire can be
 * neither altered nor sent again, since the node refuses a signature it has seen and one more than
 * 60 s from its clock.
 *
 * <pre>
 * X-Rinjo-Timestamp: {unix seconds}
 * X-Rinjo-Nonce: {16 random bytes, hex}
 * Authorization: Rinjo-HMAC-SHA256 {hex HMAC-SHA256(secret, method "\n" path "\n" timestamp "\n" nonce "\n" hex SHA-256(body))}
 * </pre>
 * The nonce keeps two equal requests in one second (a participant joining twice) from looking like a replay.
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
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        String nonce = nonces.get();
        return HttpRequest.newBuilder(url)
                .header("X-Rinjo-Timestamp", Long.toString(now))
                .header("X-Rinjo-Nonce", nonce)
                .header("Authorization", "Rinjo-HMAC-SHA256 " + signature("POST", url.getRawPath(), now, nonce, b))
                .POST(HttpRequest.BodyPublishers.ofByteArray(b));
    }

    String signature(String method, String path, long timestampSeconds, String nonce, byte[] body) {
        try {
            String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((method + "\n" + path + "\n" + timestampSeconds + "\n" + nonce + "\n" + bodyHash)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    private static String randomNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
