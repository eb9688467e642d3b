package jp.rinjo.media.sfu;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.media.transport.dtls.DtlsCloseReason;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.dtls.DtlsResult;
import jp.rinjo.media.transport.dtls.DtlsServerSession;
import jp.rinjo.media.transport.ice.IceCredentials;
import jp.rinjo.media.transport.ice.IceLiteAgent;
import jp.rinjo.media.transport.srtp.SrtpSession;

/**
 * One peer connection's transport at the node: ICE-lite agent, DTLS server, SRTP. Publish and
 * subscribe connections are subclasses that give the packets meaning. Confined to the media event
 * loop except where noted.
 */
abstract class Endpoint {
    private static final Logger log = LoggerFactory.getLogger(Endpoint.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_EARLY_DTLS = 16;
    /**
     * SRTP that arrives between the browser finishing DTLS and our handshake thread handing the keys
     * to the loop. The browser starts sending as soon as it has our last flight, so on a busy node the
     * first keyframe would otherwise be lost, and with it the start of the evidence.
     */
    private static final int MAX_EARLY_SRTP = 256;

    final MediaEngine engine;
    final Participant participant;
    final String id;
    final IceLiteAgent ice;
    /** Our SSRC as the sender of RTCP feedback on this transport. */
    final int rtcpSsrc = RANDOM.nextInt() | 1;
    private DtlsServerSession dtls;
    private DtlsFingerprint remoteFingerprint;
    private SrtpSession srtp;
    private InetSocketAddress remote;
    private final List<byte[]> earlyDtls = new ArrayList<>();
    private final List<EarlySrtp> earlySrtp = new ArrayList<>();
    private boolean dtlsFailed;
    private boolean closed;
    private boolean consenting = true;
    /** When the browser was last asked to connect (an SDP answer or offer sent); 0 = not yet. */
    private long askedNanos;

    Endpoint(MediaEngine engine, Participant participant, String role) {
        this(engine, participant, role, IceCredentials.generate());
    }

    /** An endpoint answering on {@code localIce}: credentials a browser already has from an offer. */
    Endpoint(MediaEngine engine, Participant participant, String role, IceCredentials localIce) {
        this.engine = engine;
        this.participant = participant;
        this.id = participant.id().value() + "/" + role;
        this.ice = new IceLiteAgent(id, localIce, engine.config().consentTimeout(), System.nanoTime());
    }

    DtlsFingerprint remoteFingerprint() {
        return remoteFingerprint;
    }

    boolean isConnected() {
        return srtp != null;
    }

    InetSocketAddress remote() {
        return remote;
    }

    /** Starts the DTLS server for the browser whose certificate has this fingerprint (from its SDP). */
    void startDtls(DtlsFingerprint fingerprint) {
        if (dtls != null) {
            return;
        }
        remoteFingerprint = fingerprint;
        dtls = engine.dtlsServer().newSession(id, fingerprint, bytes -> engine.loop().execute(() -> sendDtls(bytes)));
        dtls.handshake().whenCompleteAsync(this::handshakeDone, engine.loop());
        dtls.closed().whenCompleteAsync((reason, e) -> {
            if (reason == DtlsCloseReason.PEER_CLOSED || reason == DtlsCloseReason.PEER_FATAL_ALERT) {
                log.info("{}: DTLS closed by the browser ({})", id, reason);
                transportLost("dtls-" + reason.name().toLowerCase(java.util.Locale.ROOT));
            }
        }, engine.loop());
        for (byte[] d : earlyDtls) {
            dtls.onDatagram(d, 0, d.length);
        }
        earlyDtls.clear();
    }

    private void handshakeDone(DtlsResult result, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            dtlsFailed = true;
            earlySrtp.clear();
            engine.stats().dtlsFailures.increment();
            log.warn("{}: DTLS handshake failed: {}", id, error.getCause() != null ? error.getCause().getMessage() : error.getMessage());
            return;
        }
        srtp = SrtpSession.forServer(result.keyingMaterial());
        srtp.expectReceiveStreams(announcedSsrcs());
        log.info("{}: connected ({}, {})", id, result.cipherSuite(), result.profile());
        connected();
        List<EarlySrtp> held = List.copyOf(earlySrtp);
        earlySrtp.clear();
        for (EarlySrtp p : held) {
            onSrtp(p.data(), p.data().length, p.rtcp(), p.wallMicros(), p.monoNanos());
        }
    }

    private record EarlySrtp(byte[] data, boolean rtcp, long wallMicros, long monoNanos) {
    }

    /** The transport is up (SRTP keys exist). */
    abstract void connected();

    /** The SRTP session, once DTLS has completed; null before. */
    SrtpSession srtp() {
        return srtp;
    }

    /** SSRCs the peer's SDP announced that it will send from: their SRTP contexts are derived ahead. */
    Collection<Integer> announcedSsrcs() {
        return List.of();
    }

    /** The browser closed DTLS: media stops until it reconnects. */
    void transportLost(String reason) {
    }

    void onStunResult(InetSocketAddress from) {
        ice.selectedAddress().ifPresent(a -> remote = a);
        if (remote == null) {
            remote = from;
        }
        // a valid check is fresh consent: waiting for the next round would drop what is sent meanwhile,
        // such as the keyframe held for a viewer whose endpoint waited past the timeout for its first track
        consenting = true;
    }

    void onDtls(byte[] data) {
        if (dtls == null) {
            if (earlyDtls.size() < MAX_EARLY_DTLS) {
                earlyDtls.add(data);
            }
            return;
        }
        dtls.onDatagram(data, 0, data.length);
    }

    void onSrtp(byte[] buf, int len, boolean rtcp, long wallMicros, long monoNanos) {
        if (srtp == null) {
            if (awaitingKeys() && earlySrtp.size() < MAX_EARLY_SRTP) {
                earlySrtp.add(new EarlySrtp(java.util.Arrays.copyOf(buf, len), rtcp, wallMicros, monoNanos));
            } else {
                engine.stats().droppedBeforeKeys.increment();
            }
            return;
        }
        int n = rtcp ? srtp.unprotectRtcp(buf, 0, len) : srtp.unprotectRtp(buf, 0, len);
        if (n < 0) {
            engine.stats().srtpFailures.increment();
            return;
        }
        if (rtcp) {
            onRtcp(buf, n, wallMicros, monoNanos);
        } else {
            onRtp(buf, n, wallMicros, monoNanos);
        }
    }

    abstract void onRtp(byte[] buf, int len, long wallMicros, long monoNanos);

    abstract void onRtcp(byte[] buf, int len, long wallMicros, long monoNanos);

    /** The DTLS handshake is under way: the keys are expected, not yet here. */
    boolean awaitingKeys() {
        return dtls != null && srtp == null && !dtlsFailed && !closed;
    }

    /** Whether media may be sent: keys exist, an address is known and the browser still consents. */
    boolean canSend() {
        return srtp != null && remote != null && !closed && consenting;
    }

    /** Re-evaluated on the engine's tick (every 20 ms), not per packet: the agent's check takes a lock. */
    void refreshConsent(long nowNanos) {
        consenting = !ice.consentExpired(nowNanos);
    }

    /** The node sent the browser SDP for this transport: from now on it is expected to connect. */
    void askedToConnect(long nowNanos) {
        askedNanos = nowNanos;
    }

    boolean askedToConnect() {
        return askedNanos != 0;
    }

    /** Asked to connect, and nothing valid heard for {@code silenceNanos} since it was asked or last consented. */
    boolean silentFor(long nowNanos, long silenceNanos) {
        if (askedNanos == 0) {
            return false;
        }
        long consent = ice.lastConsentNanos();
        long since = consent - askedNanos > 0 ? consent : askedNanos;
        return nowNanos - since >= silenceNanos;
    }

    int srtpOverhead() {
        return srtp == null ? 16 : srtp.rtpOverhead();
    }

    int srtcpOverhead() {
        return srtp == null ? 20 : srtp.rtcpOverhead();
    }

    int protectRtp(byte[] buf, int len) {
        int n = srtp.protectRtp(buf, 0, len);
        if (n < 0) {
            engine.stats().srtpFailures.increment();
        }
        return n;
    }

    void sendProtected(byte[] buf, int len, boolean media) {
        if (canSend()) {
            engine.send(remote, buf, len, media);
        }
    }

    /** Protects and sends one RTCP packet; {@code buf} has room for the SRTCP trailer after {@code len}. */
    void sendRtcp(byte[] buf, int len) {
        if (!canSend()) {
            return;
        }
        int n = srtp.protectRtcp(buf, 0, len);
        if (n > 0) {
            engine.send(remote, buf, n, false);
        }
    }

    /** Sends an RTCP packet built without spare room. */
    void sendRtcp(byte[] packet) {
        byte[] withRoom = java.util.Arrays.copyOf(packet, packet.length + srtcpOverhead());
        sendRtcp(withRoom, packet.length);
    }

    private void sendDtls(byte[] bytes) {
        if (remote != null && !closed) {
            engine.send(remote, bytes, bytes.length, false);
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        earlySrtp.clear();
        if (dtls != null) {
            dtls.close();
        }
        if (srtp != null) {
            srtp.close();
        }
        engine.forget(this);
    }

    boolean isClosed() {
        return closed;
    }

    long keyframeMinIntervalNanos() {
        return engine.config().keyframeMinInterval().toNanos();
    }

    @Override
    public String toString() {
        return id;
    }
}
