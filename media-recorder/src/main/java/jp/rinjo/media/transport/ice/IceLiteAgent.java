package jp.rinjo.media.transport.ice;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import jp.rinjo.media.transport.stun.StunClass;
import jp.rinjo.media.transport.stun.StunDecoder;
import jp.rinjo.media.transport.stun.StunEncoder;
import jp.rinjo.media.transport.stun.StunErrorCode;
import jp.rinjo.media.transport.stun.StunMessage;
import jp.rinjo.media.transport.stun.StunMessageBuilder;
import jp.rinjo.media.transport.stun.StunMessageType;
import jp.rinjo.media.transport.stun.StunParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE-lite side (RFC 8445 §2.5) of one browser PeerConnection. A lite agent has only host
 * candidates, sends no checks and is always controlled; it answers the browser's Binding
 * requests, and the browser (full, controlling) nominates a pair with USE-CANDIDATE.
 *
 * <p>Checks on each request, in RFC order:
 * <ol>
 *   <li>not STUN, or a response/indication: dropped (a lite agent sends no requests, so expects no
 *       responses; indications are keepalives, RFC 8445 §11);</li>
 *   <li>FINGERPRINT present but wrong: dropped, it marks the packet as not STUN (RFC 8489 §7.3);</li>
 *   <li>USERNAME or MESSAGE-INTEGRITY missing: 400 (RFC 8489 §9.1.3);</li>
 *   <li>USERNAME not {@code localUfrag:remoteUfrag} of a live generation, or a wrong HMAC: 401
 *       without MESSAGE-INTEGRITY (RFC 8489 §9.1.3). RFC 8489 asks for an answer rather than silence, and the
 *       answer is smaller than the request, so it cannot amplify a spoofed flood;</li>
 *   <li>from here the request is authenticated and every answer is keyed with the local pwd:
 *       unknown comprehension-required attributes: 420 (RFC 8489 §6.3.1); ICE-CONTROLLED: 487,
 *       because the peer believes it is controlled too and a lite agent cannot take the
 *       controlling role (RFC 8445 §6.1.1, §7.3.1.1), so the peer must switch;</li>
 *   <li>otherwise a success response with XOR-MAPPED-ADDRESS = the source address.</li>
 * </ol>
 *
 * <p>PRIORITY is not required: a lite agent learns no peer-reflexive candidates (RFC 8445 §7.3.1.3
 * is for full agents), so it has no use for it.
 *
 * <p>ICE restart (RFC 8445 §9): {@link #restart} makes a pending generation with fresh local
 * credentials. Until a valid request uses them, the current credentials keep working, so the
 * session survives while the new answer travels; the first valid request on the new ones retires
 * the old ones.
 *
 * <p>Thread-safe: packets, signaling and timers may call from different threads. Times are
 * {@code System.nanoTime()} values supplied by the caller.
 */
public final class IceLiteAgent {

    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(IceLiteAgent.class);

    private final String endpointId;
    private final ConsentTracker consent;
    private IceGeneration active;
    private IceGeneration pending;
    private InetSocketAddress selected;

    /**
     * @param endpointId     id of the endpoint, for logs
     * @param local          local credentials (the answer's ice-ufrag/ice-pwd)
     * @param consentTimeout how long without a valid request before {@link #consentExpired} (RFC 7675: 30 s)
     * @param nowNanos       creation time; an endpoint never reached expires this long after it
     */
    public IceLiteAgent(String endpointId, IceCredentials local, Duration consentTimeout, long nowNanos) {
        Objects.requireNonNull(endpointId, "endpointId");
        if (endpointId.isBlank()) {
            throw new IllegalArgumentException("endpointId must not be blank");
        }
        this.endpointId = endpointId;
        this.active = new IceGeneration(Objects.requireNonNull(local, "local"), null);
        this.consent = new ConsentTracker(Objects.requireNonNull(consentTimeout, "consentTimeout"), nowNanos);
    }

    /** An agent with generated credentials and the 30 s consent timeout. */
    public static IceLiteAgent create(String endpointId, long nowNanos) {
        return new IceLiteAgent(endpointId, IceCredentials.generate(), DEFAULT_CONSENT_TIMEOUT, nowNanos);
    }

    public String endpointId() {
        return endpointId;
    }

    /** The newest local credentials: what the next SDP answer must carry. */
    public synchronized IceCredentials localCredentials() {
        return newest().local();
    }

    /** The remote (browser) credentials of the newest generation, once known. */
    public synchronized Optional<IceCredentials> remoteCredentials() {
        return Optional.ofNullable(newest().remote());
    }

    /**
     * Sets the browser's ice-ufrag/ice-pwd from its SDP. From then on the remote half of USERNAME
     * is checked. (The pwd is kept for completeness; a lite agent sends no checks that would use it.)
     */
    public synchronized void setRemoteCredentials(IceCredentials remote) {
        Objects.requireNonNull(remote, "remote");
        if (pending != null) {
            pending = pending.withRemote(remote);
        } else {
            active = active.withRemote(remote);
        }
    }

    /**
     * ICE restart with the browser's new credentials: returns fresh local credentials for the
     * answer. The previous local credentials stay valid until the browser uses the new ones. A
     * second restart before that replaces the unused pending generation, never the working one.
     */
    public synchronized IceCredentials restart(String newRemoteUfrag, String newRemotePwd) {
        IceCredentials remote = new IceCredentials(newRemoteUfrag, newRemotePwd);
        pending = new IceGeneration(IceCredentials.generate(), remote);
        LOG.info("endpoint {}: ICE restart, new local ufrag {} pending", endpointId, pending.local().ufrag());
        return pending.local();
    }

    /**
     * ICE restart offered by the node: returns fresh local credentials for the offer. The browser's
     * new credentials come with its answer ({@link #setRemoteCredentials}), but it starts checking as
     * soon as it has applied the offer, while the answer still travels through signaling. Until the
     * answer is in, the new generation takes any remote ufrag; every check is still authenticated by
     * the new local pwd, which only the browser that got the offer knows.
     */
    public synchronized IceCredentials restart() {
        pending = new IceGeneration(IceCredentials.generate(), null);
        LOG.info("endpoint {}: ICE restart offered, new local ufrag {} pending", endpointId, pending.local().ufrag());
        return pending.local();
    }

    /** True if a request with this local ufrag (first half of USERNAME) is currently accepted. */
    public synchronized boolean acceptsLocalUfrag(String ufrag) {
        return generationFor(ufrag) != null;
    }

    /** The local ufrags currently accepted: one, or two during an ICE restart. */
    public synchronized Set<String> localUfrags() {
        Set<String> ufrags = new LinkedHashSet<>();
        ufrags.add(active.local().ufrag());
        if (pending != null) {
            ufrags.add(pending.local().ufrag());
        }
        return Set.copyOf(ufrags);
    }

    /** The address the browser nominated last; DTLS and SRTP go there. */
    public synchronized Optional<InetSocketAddress> selectedAddress() {
        return Optional.ofNullable(selected);
    }

    /** When the last valid request from {@code from} arrived. */
    public synchronized OptionalLong lastValidRequestNanos(InetSocketAddress from) {
        return consent.lastValidRequest(from);
    }

    /**
     * True when no valid request has come from the selected address for the consent timeout
     * (RFC 7675 §5.1); before selection, from any address; before any request, since creation.
     * The caller then stops sending media to the endpoint and tears it down.
     */
    public synchronized boolean consentExpired(long nowNanos) {
        return consent.expired(selected, nowNanos);
    }

    /** When consent was last given: the time {@link #consentExpired} counts the timeout from. */
    public synchronized long lastConsentNanos() {
        return consent.lastConsent(selected);
    }

    /**
     * Handles one STUN datagram received from {@code from}. Send {@link IceResult#response()} back
     * to {@code from}; if {@link IceResult#nominated()}, route media to {@code from} from now on.
     */
    public synchronized IceResult handle(byte[] datagram, int off, int len, InetSocketAddress from, long nowNanos) {
        Objects.requireNonNull(from, "from");
        if (from.isUnresolved()) {
            throw new IllegalArgumentException("source address must be resolved: " + from);
        }
        StunMessage request;
        try {
            request = StunDecoder.decode(datagram, off, len);
        } catch (StunParseException e) {
            return IceResult.dropped("not STUN: " + e.getMessage());
        }
        if (request.messageClass() != StunClass.REQUEST) {
            return IceResult.dropped("ignored " + request.type());
        }
        if (request.fingerprintOffset() >= 0 && !request.verifyFingerprint()) {
            return IceResult.dropped("FINGERPRINT mismatch");
        }
        byte[] tx = request.transactionId();
        if (request.method() != StunMessageType.BINDING) {
            return reject(tx, StunErrorCode.BAD_REQUEST, null, "unsupported method 0x" + Integer.toHexString(request.method()));
        }
        Optional<String> username = request.username();
        if (username.isEmpty() || request.messageIntegrityOffset() < 0) {
            return reject(tx, StunErrorCode.BAD_REQUEST, null, "USERNAME or MESSAGE-INTEGRITY missing");
        }

        String user = username.get();
        int colon = user.indexOf(':');
        if (colon < 0) {
            return reject(tx, StunErrorCode.UNAUTHORIZED, null, "USERNAME is not localUfrag:remoteUfrag");
        }
        IceGeneration generation = generationFor(user.substring(0, colon));
        if (generation == null) {
            return reject(tx, StunErrorCode.UNAUTHORIZED, null, "unknown local ufrag");
        }
        if (generation.remote() != null && !generation.remote().ufrag().equals(user.substring(colon + 1))) {
            return reject(tx, StunErrorCode.UNAUTHORIZED, null, "remote ufrag does not match the SDP");
        }
        byte[] key = generation.local().integrityKey();
        if (!request.verifyMessageIntegrity(key)) {
            return reject(tx, StunErrorCode.UNAUTHORIZED, null, "MESSAGE-INTEGRITY mismatch");
        }

        // Authenticated: answers now carry MESSAGE-INTEGRITY with the same key (RFC 8489 §9.1.3).
        List<Integer> unknown = request.unknownComprehensionRequired();
        if (!unknown.isEmpty()) {
            byte[] response = StunMessageBuilder.bindingError(tx)
                    .errorCode(StunErrorCode.UNKNOWN_ATTRIBUTE)
                    .unknownAttributes(unknown)
                    .messageIntegrity(key).fingerprint().build();
            return IceResult.error(response, "unknown comprehension-required attributes " + unknown);
        }
        boolean controlling = request.iceControlling().isPresent();
        boolean controlled = request.iceControlled().isPresent();
        if (controlling && controlled) {
            return reject(tx, StunErrorCode.BAD_REQUEST, key, "both ICE-CONTROLLING and ICE-CONTROLLED");
        }
        if (controlled) {
            return reject(tx, StunErrorCode.ROLE_CONFLICT, key, "peer claims the controlled role");
        }

        return accept(request, tx, generation, key, from, nowNanos);
    }

    private IceResult accept(StunMessage request, byte[] tx, IceGeneration generation, byte[] key,
                             InetSocketAddress from, long nowNanos) {
        if (generation == pending) {
            String retired = active.local().ufrag();
            active = pending;
            pending = null;
            LOG.info("endpoint {}: ICE restart completed, local ufrag {} retired, {} active",
                    endpointId, retired, active.local().ufrag());
        }
        consent.validRequest(from, nowNanos);
        boolean nominated = request.useCandidate();
        if (nominated && !from.equals(selected)) {
            // The latest nomination wins: after a network change or restart the browser nominates the
            // new pair, and media must follow it (RFC 8445 §8.1.1 leaves the choice to the controlling agent).
            LOG.info("endpoint {}: ICE selected {} (was {})", endpointId, from, selected);
            selected = from;
        }
        return IceResult.success(StunEncoder.bindingSuccess(tx, from, key), nominated);
    }

    private IceResult reject(byte[] tx, StunErrorCode error, byte[] key, String reason) {
        LOG.debug("endpoint {}: {} for Binding request: {}", endpointId, error.code(), reason);
        return IceResult.error(StunEncoder.bindingError(tx, error, key), error.code() + ": " + reason);
    }

    private IceGeneration generationFor(String localUfrag) {
        if (pending != null && pending.local().ufrag().equals(localUfrag)) {
            return pending;
        }
        return active.local().ufrag().equals(localUfrag) ? active : null;
    }

    private IceGeneration newest() {
        return pending != null ? pending : active;
    }

    @Override
    public String toString() {
        return "IceLiteAgent[" + endpointId + "]";
    }
}
