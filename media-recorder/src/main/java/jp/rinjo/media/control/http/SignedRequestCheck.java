package jp.rinjo.media.control.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

import jp.rinjo.common.control.RequestSignature;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * Accepts a control request only if it carries a valid {@link RequestSignature} made within
 * {@link #WINDOW} of now and not seen before. Signatures are remembered for twice the window after
 * they arrive, which covers every moment their timestamp is still accepted; only requests that
 * verified are remembered, so the list grows with the legitimate request rate alone.
 */
final class SignedRequestCheck {
    static final Duration WINDOW = Duration.ofSeconds(60);
    private static final java.util.regex.Pattern NONCE = java.util.regex.Pattern.compile("[0-9a-f]{16,64}");

    private final byte[] secret;
    private final Clock clock;
    private final Set<String> seen = new HashSet<>();
    private final ArrayDeque<Seen> arrivals = new ArrayDeque<>();

    private record Seen(String signature, long forgetAtMillis) {
    }

    SignedRequestCheck(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Throws UNAUTHENTICATED unless the request is signed, fresh and new. */
    void check(String method, String path, String authorization, String timestamp, String nonce, byte[] body) {
        if (authorization == null || !authorization.startsWith(RequestSignature.SCHEME + " ") || timestamp == null
                || nonce == null || !NONCE.matcher(nonce).matches()) {
            throw unauthenticated("missing control request signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw unauthenticated("malformed " + RequestSignature.TIMESTAMP_HEADER);
        }
        long now = clock.millis();
        if (Math.abs(now / 1000 - seconds) > WINDOW.toSeconds()) {
            throw unauthenticated("control request timestamp more than " + WINDOW.toSeconds()
                    + " s from this node's clock");
        }
        String given = authorization.substring(RequestSignature.SCHEME.length() + 1).strip();
        String expected = RequestSignature.sign(secret, method, path, seconds, nonce, body);
        if (!java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII))) {
            throw unauthenticated("wrong control request signature");
        }
        if (!firstTime(expected, now)) {
            throw unauthenticated("control request replayed");
        }
    }

    private synchronized boolean firstTime(String signature, long now) {
        while (!arrivals.isEmpty() && arrivals.peekFirst().forgetAtMillis() <= now) {
            seen.remove(arrivals.pollFirst().signature());
        }
        if (!seen.add(signature)) {
            return false;
        }
        arrivals.addLast(new Seen(signature, now + 2 * WINDOW.toMillis()));
        return true;
    }

    private static RinjoException unauthenticated(String message) {
        return new RinjoException(ErrorCode.UNAUTHENTICATED, message);
    }
}
