package jp.rinjo.scheduling.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * Compact signed tokens: {@code <kind>.<base64url(fields joined by '|')>.<base64url(HMAC-SHA256)>}.
 * The kind is part of the MAC, so an invitation token can never pass as a login token. Fields are
 * plain ids and epoch seconds: nothing secret is inside, the signature is what makes it trusted.
 */
public final class SignedTokenCodec {
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9]{1,8}\\.[A-Za-z0-9_-]{1,600}\\.[A-Za-z0-9_-]{43}");
    private final SecretKeySpec key;

    public SignedTokenCodec(SigningKey key) {
        this.key = new SecretKeySpec(key.bytes(), "HmacSHA256");
    }

    public String sign(String kind, List<String> fields) {
        for (String f : fields) {
            if (f.indexOf('|') >= 0) {
                throw new IllegalArgumentException("token field contains '|'");
            }
        }
        String payload = ENC.encodeToString(String.join("|", fields).getBytes(StandardCharsets.UTF_8));
        String signed = kind + "." + payload;
        return signed + "." + ENC.encodeToString(mac(signed));
    }

    /**
     * @return the fields, after checking shape, kind and signature
     * @throws RinjoException TOKEN_INVALID for anything malformed, forged or of another kind
     */
    public List<String> verify(String kind, String token, int expectedFields) {
        if (token == null || token.length() > 800 || !SHAPE.matcher(token).matches()) {
            throw invalid();
        }
        int lastDot = token.lastIndexOf('.');
        String signed = token.substring(0, lastDot);
        if (!signed.startsWith(kind + ".")) {
            throw invalid();
        }
        byte[] given = DEC.decode(token.substring(lastDot + 1));
        if (!MessageDigest.isEqual(mac(signed), given)) {
            throw invalid();
        }
        String payload = new String(DEC.decode(signed.substring(kind.length() + 1)), StandardCharsets.UTF_8);
        List<String> fields = List.of(payload.split("\\|", -1));
        if (fields.size() != expectedFields) {
            throw invalid();
        }
        return fields;
    }

    private static RinjoException invalid() {
        return new RinjoException(ErrorCode.TOKEN_INVALID, "the token is malformed or its signature is wrong");
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
