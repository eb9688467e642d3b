package jp.rinjo.media.transport.srtp;

import java.util.function.LongSupplier;

/**
 * What a packet with an SSRC the session has not yet authenticated may cost.
 *
 * <p>Deriving a receive context (jitsi-srtp builds new ciphers and runs the key derivation) takes
 * about 30 µs, some twenty times the work of decrypting a packet. A context is only kept once a
 * packet has authenticated with it, so without this gate every forged packet with a made-up SSRC,
 * and every forged packet repeating one, would pay that again: some 30,000 small datagrams a second
 * from an address that passed ICE (or that spoofs one) would fill the media thread.
 *
 * <ul>
 *   <li>The last few contexts derived for SSRCs that have not authenticated yet are kept, so that
 *       more forged packets with one SSRC cost an authentication check each, not a derivation.
 *       jitsi-srtp leaves a context unchanged when a packet fails to authenticate, so the stream's
 *       genuine first packet still authenticates with it.</li>
 *   <li>New derivations draw on a budget per session (a token bucket): a browser starts a handful of
 *       streams at once and a few more on renegotiation, far below it. Beyond the budget a packet
 *       with an unknown SSRC is refused as {@link SrtpError#NEW_STREAMS_THROTTLED} without any
 *       cryptography.</li>
 * </ul>
 *
 * <p>Thread-safety: synchronized; reached only for SSRCs without an authenticated context.
 */
final class NewStreamGate<C> {
    /** Derivations a session may make at once: several renegotiations' worth of streams. */
    static final int BURST = 32;
    /** Derivations a session regains per second. */
    static final int PER_SECOND = 8;
    private static final int PENDING = 4;

    private final LongSupplier nanoClock;
    private final int[] pendingSsrcs = new int[PENDING];
    private final Object[] pendingContexts = new Object[PENDING];
    private int nextSlot;
    private double tokens = BURST;
    private long refilledAt;

    NewStreamGate(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** The context derived earlier for this SSRC, whose packets have not authenticated yet, or null. */
    @SuppressWarnings("unchecked")
    synchronized C pending(int ssrc) {
        for (int i = 0; i < PENDING; i++) {
            if (pendingContexts[i] != null && pendingSsrcs[i] == ssrc) {
                return (C) pendingContexts[i];
            }
        }
        return null;
    }

    /** Whether one more context may be derived now; takes it from the budget if so. */
    synchronized boolean tryDerive() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(BURST, tokens + (now - refilledAt) * PER_SECOND / 1e9);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Keeps a freshly derived context until a packet authenticates with it, displacing the oldest. */
    synchronized void keep(int ssrc, C context) {
        pendingSsrcs[nextSlot] = ssrc;
        pendingContexts[nextSlot] = context;
        nextSlot = (nextSlot + 1) % PENDING;
    }

    /** The SSRC has authenticated: its context now lives in the session's table. */
    synchronized void authenticated(int ssrc) {
        for (int i = 0; i < PENDING; i++) {
            if (pendingContexts[i] != null && pendingSsrcs[i] == ssrc) {
                pendingContexts[i] = null;
            }
        }
    }

    synchronized void clear() {
        java.util.Arrays.fill(pendingContexts, null);
    }
}
