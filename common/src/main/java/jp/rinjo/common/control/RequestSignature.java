package jp.rinjo.common.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a control request is signed with the shared secret, so that one seen on the wire can be neither
 * altered nor sent again:
 *
 * <pre>
 * X-Rinjo-Timestamp: {unix seconds}
 * X-Rinjo-Nonce: {16 random bytes, hex}
 * Authorization: Rinjo-HMAC-SHA256 {hex HMAC-SHA256(secret, method "\n" path "\n" timestamp "\n" nonce "\n" hex SHA-256(body))}
 * </pre>
 *
 * The path is the raw path without query; an empty body hashes as zero bytes. The nonce tells apart
 * two equal requests in the same second (a participant joining twice), which are not replays. Signaling's
 * {@code ControlRequestSigner} signs with it and the media node's control API checks with it.
 */
public final class RequestSignature {
    public static final String SCHEME = "Rinjo-HMAC-SHA256";
    public static final String TIMESTAMP_HEADER = "X-Rinjo-Timestamp";
    public static final String NONCE_HEADER = "X-Rinjo-Nonce";

    private RequestSignature() {
    }

    /** The hex signature of one request. */
    public static String sign(byte[] secret, String method, String path, long timestampSeconds, String nonce,
            byte[] body) {
        try {
            String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] tag = mac.doFinal((method + "\n" + path + "\n" + timestampSeconds + "\n" + nonce + "\n" + bodyHash)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
