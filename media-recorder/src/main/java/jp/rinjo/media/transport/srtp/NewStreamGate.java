package jp.rinjo.media.transport.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The receive contexts of SSRCs that have not authenticated yet, for one direction and one of
 * RTP/RTCP: what a packet with such an SSRC may cost.
 *
 * <p>Deriving a receive context (jitsi-srtp builds new ciphers and runs the key derivation) takes
 * about 30 µs, some twenty times the work of decrypting a packet. A context moves to the session's
 * table only once a packet has authenticated with it, so without this gate every forged packet with
 * a made-up SSRC, and every forged packet repeating one, would pay that again: some 30,000 small
 * datagrams a second from an address that passed ICE (or that spoofs one) would fill the media
 * thread.
 *
 * <ul>
 *   <li>Announced SSRCs (the peer's SDP) get their contexts derived ahead, outside the budget, at
 *       most {@link #MAX_ANNOUNCED}: a flood cannot keep those streams out.</li>
 *   <li>The last few contexts derived on demand are kept, so that more forged packets with one SSRC
 *       cost an authentication check each, not a derivation. jitsi-srtp leaves a context unchanged
 *       when a packet fails to authenticate, so the stream's genuine first packet still
 *       authenticates with it.</li>
 *   <li>Derivations on demand draw on a budget (a token bucket): a browser starts a handful of
 *       streams at once and a few more on renegotiation, far below it. Beyond the budget,
 *       {@link #contextFor} returns null and the packet is refused without any cryptography.</li>
 * </ul>
 *
 * <p>Thread-safety: synchronized; reached only for SSRCs without an authenticated context.
 */
final class NewStreamGate<C> {
    /** Derivations on demand a gate may make at once: several renegotiations' worth of streams. */
    static final int BURST = 32;
    /** Derivations on demand a gate regains per second. */
    static final int PER_SECOND = 8;
    /** Announced streams derived ahead: a browser announces a handful (audio, video, RTX, simulcast layers). */
    static final int MAX_ANNOUNCED = 16;
    private static final int PENDING = 4;

    /** jitsi-srtp's derivation of a receive context for one SSRC. */
    @FunctionalInterface
    interface Derivation<C> {
        C derive(int ssrc) throws GeneralSecurityException;
    }

    private final Derivation<C> derivation;
    private final LongAdder derived;
    private final LongSupplier nanoClock;
    private final Map<Integer, C> announced = new HashMap<>();
    private final int[] pendingSsrcs = new int[PENDING];
    private final Object[] pendingContexts = new Object[PENDING];
    private int nextSlot;
    private double tokens = BURST;
    private long refilledAt;

    /** {@code derived} counts every derivation, ahead or on demand. */
    NewStreamGate(Derivation<C> derivation, LongAdder derived, LongSupplier nanoClock) {
        this.derivation = derivation;
        this.derived = derived;
        this.nanoClock = nanoClock;
        this.refilledAt = nanoClock.getAsLong();
    }

    /**
     * The context to try a packet of this not yet authenticated SSRC with: announced, derived
     * earlier, or derived now within the budget; null when the budget is spent.
     */
    @SuppressWarnings("unchecked")
    synchronized C contextFor(int ssrc) throws GeneralSecurityException {
        C known = announced.get(ssrc);
        if (known != null) {
            return known;
        }
        for (int i = 0; i < PENDING; i++) {
            if (pendingContexts[i] != null && pendingSsrcs[i] == ssrc) {
                return (C) pendingContexts[i];
            }
        }
        if (!takeFromBudget()) {
            return null;
        }
        C context = derive(ssrc);
        pendingSsrcs[nextSlot] = ssrc;
        pendingContexts[nextSlot] = context; // displaces the oldest
        nextSlot = (nextSlot + 1) % PENDING;
        return context;
    }

    /** Derives the context of an SSRC the peer announced, unless held already or {@link #MAX_ANNOUNCED} are. */
    synchronized void announce(int ssrc) throws GeneralSecurityException {
        if (announced.size() < MAX_ANNOUNCED && !announced.containsKey(ssrc)) {
            announced.put(ssrc, derive(ssrc));
        }
    }

    /** The SSRC has authenticated (its context now lives in the session's table) or is gone. */
    synchronized void forget(int ssrc) {
        announced.remove(ssrc);
        for (int i = 0; i < PENDING; i++) {
            if (pendingContexts[i] != null && pendingSsrcs[i] == ssrc) {
                pendingContexts[i] = null;
            }
        }
    }

    synchronized void clear() {
        announced.clear();
        Arrays.fill(pendingContexts, null);
    }

    private C derive(int ssrc) throws GeneralSecurityException {
        C context = derivation.derive(ssrc);
        derived.increment();
        return context;
    }

    private boolean takeFromBudget() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(BURST, tokens + (now - refilledAt) * PER_SECOND / 1e9);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
