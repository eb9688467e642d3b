package jp.rinjo.media.transport.srtp;

import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) for one DTLS-SRTP association, on top of jitsi-srtp.
 *
 * <p>All four operations work in place on the caller's array and return the new packet length, or a
 * negative {@link SrtpError#code()} when the packet is refused. Bad packets from the network are
 * counted (see {@link #stats()}) and never throw; only caller bugs (null array, offsets outside it,
 * no tail room) throw {@link IllegalArgumentException}. On failure the bytes in the window are
 * unspecified. To protect, the array needs {@link #rtpOverhead()} (resp. {@link #rtcpOverhead()})
 * spare bytes after {@code off + len}.
 *
 * <p>One crypto context is kept per SSRC and direction (RFC 3711 §3.2.3: the cryptographic context
 * includes the rollover counter and replay list of one stream). A receive context is only kept
 * once a packet for its SSRC has authenticated, so forged SSRCs leave no state; at most
 * {@code maxStreamsPerDirection} streams are tracked per direction. What packets with SSRCs not yet
 * authenticated may cost is bounded by a {@link NewStreamGate} per receive direction.
 *
 * <p>A received RTP packet seen before, or more than {@value ReceiveReplayWindow#SIZE} packets behind
 * the newest of its SSRC, is refused as {@link SrtpError#REPLAYED} once it has authenticated (see
 * {@link ReceiveReplayWindow}: resends after a NACK arrive well past jitsi-srtp's 64). SRTCP keeps
 * jitsi-srtp's 64-packet list: its index travels in the packet and RTCP is neither bursty nor resent.
 *
 * <p>Sending the same (SSRC, sequence number) twice is refused as {@link SrtpError#REPLAYED}
 * (jitsi-srtp's sender replay check is kept on). Besides catching forwarding bugs, this is what
 * prevents a GCM nonce from ever being reused with different plaintext (RFC 7714 §8.2). Answer
 * NACKs with RTX (RFC 4588), which has its own SSRC and sequence numbers, or resend the packet
 * exactly as it was protected the first time.
 *
 * <p>Thread-safety: safe for concurrent use. The SSRC tables are concurrent, counters are
 * {@link LongAdder}s, and jitsi-srtp synchronizes each context, so calls for the same SSRC are
 * serialized. The intended pattern is one thread receiving per endpoint and any thread protecting.
 */
public final class SrtpSession implements AutoCloseable {
    /** Default ceiling on SSRCs per direction; a WebRTC endpoint uses a handful, an SFU subscriber a few dozen. */
    public static final int DEFAULT_MAX_STREAMS = 512;
    /** Announced streams whose receive contexts are derived ahead, per kind (see {@link #expectReceiveStreams}). */
    public static final int MAX_EXPECTED_STREAMS = NewStreamGate.MAX_ANNOUNCED;

    private static final Logger log = LoggerFactory.getLogger(SrtpSession.class);
    private static final org.jitsi.utils.logging2.Logger JITSI_LOGGER = new LoggerImpl(SrtpSession.class.getName());
    private static final AtomicBoolean WARMED_UP = new AtomicBoolean();
    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;

    static {
        AesImplementation.chooseOnce(); // before jitsi-srtp creates its first cipher
    }

    private final SrtpProfile profile;
    private final SrtpContextFactory txFactory;
    private final SrtpContextFactory rxFactory;
    private final StreamTable<SrtpCryptoContext> txRtp;
    private final StreamTable<ReceiveStream> rxRtp;
    private final StreamTable<SrtcpCryptoContext> txRtcp;
    private final StreamTable<SrtcpCryptoContext> rxRtcp;
    private final NewStreamGate<SrtpCryptoContext> newRtpStreams;
    private final NewStreamGate<SrtcpCryptoContext> newRtcpStreams;
    private volatile boolean closed;

    private final LongAdder rtpUnprotected = new LongAdder();
    private final LongAdder rtcpUnprotected = new LongAdder();
    private final LongAdder rtpProtected = new LongAdder();
    private final LongAdder rtcpProtected = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final LongAdder otherFailures = new LongAdder();
    private final LongAdder streamsDerived = new LongAdder();
    private final LongAdder throttled = new LongAdder();

    private SrtpSession(SrtpProfile profile, byte[] txKey, byte[] txSalt, byte[] rxKey, byte[] rxSalt,
                        int maxStreamsPerDirection, LongSupplier nanoClock) {
        this.profile = Objects.requireNonNull(profile, "profile");
        if (maxStreamsPerDirection < 1) {
            throw new IllegalArgumentException("maxStreamsPerDirection must be positive: " + maxStreamsPerDirection);
        }
        // SrtpContextFactory validates key and salt lengths against the policy and copies them.
        this.txFactory = new SrtpContextFactory(true, txKey, txSalt, profile.newPolicy(), profile.newPolicy(),
                JITSI_LOGGER);
        this.rxFactory = new SrtpContextFactory(false, rxKey, rxSalt, profile.newRtpReceivePolicy(),
                profile.newPolicy(), JITSI_LOGGER);
        this.txRtp = new StreamTable<>(maxStreamsPerDirection);
        this.rxRtp = new StreamTable<>(maxStreamsPerDirection);
        this.txRtcp = new StreamTable<>(maxStreamsPerDirection);
        this.rxRtcp = new StreamTable<>(maxStreamsPerDirection);
        this.newRtpStreams = new NewStreamGate<>(ssrc -> rxFactory.deriveContext(ssrc, 0), streamsDerived, nanoClock);
        this.newRtcpStreams = new NewStreamGate<>(rxFactory::deriveControlContext, streamsDerived, nanoClock);
    }

    /** The DTLS server's side (the media node): decrypts with the client's keys, encrypts with its own. */
    public static SrtpSession forServer(SrtpKeyingMaterial keys) {
        return forServer(keys, DEFAULT_MAX_STREAMS);
    }

    public static SrtpSession forServer(SrtpKeyingMaterial keys, int maxStreamsPerDirection) {
        Objects.requireNonNull(keys, "keys");
        return new SrtpSession(keys.profile(), keys.serverKey(), keys.serverSalt(), keys.clientKey(),
                keys.clientSalt(), maxStreamsPerDirection, System::nanoTime);
    }

    /** The server's side on a given clock, for tests of the budget for new streams. */
    static SrtpSession forServer(SrtpKeyingMaterial keys, LongSupplier nanoClock) {
        return new SrtpSession(keys.profile(), keys.serverKey(), keys.serverSalt(), keys.clientKey(),
                keys.clientSalt(), DEFAULT_MAX_STREAMS, nanoClock);
    }

    /** The DTLS client's side (what a browser does): for tests and load generators. */
    public static SrtpSession forClient(SrtpKeyingMaterial keys) {
        Objects.requireNonNull(keys, "keys");
        return new SrtpSession(keys.profile(), keys.clientKey(), keys.clientSalt(), keys.serverKey(),
                keys.serverSalt(), DEFAULT_MAX_STREAMS, System::nanoTime);
    }

    /** A session from explicit master keys, e.g. for known-answer tests or SDES-style keying. */
    public static SrtpSession of(SrtpProfile profile, byte[] txKey, byte[] txSalt, byte[] rxKey, byte[] rxSalt) {
        Objects.requireNonNull(txKey, "txKey");
        Objects.requireNonNull(txSalt, "txSalt");
        Objects.requireNonNull(rxKey, "rxKey");
        Objects.requireNonNull(rxSalt, "rxSalt");
        return new SrtpSession(profile, txKey, txSalt, rxKey, rxSalt, DEFAULT_MAX_STREAMS, System::nanoTime);
    }

    /**
     * Creates one cipher of each kind, so that the first endpoint does not pay for loading the AES
     * implementation (see {@link AesImplementation}; with {@code auto}, jitsi-srtp's timing of every
     * implementation takes about a second). Call this once at start-up. Idempotent and thread-safe.
     */
    public static void warmUp() {
        if (!WARMED_UP.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        for (SrtpProfile p : SrtpProfile.values()) {
            SrtpKeyingMaterial keys = SrtpKeyingMaterial.fromExporterOutput(p, new byte[p.keyingMaterialLength()]);
            try (SrtpSession client = forClient(keys); SrtpSession server = forServer(keys)) {
                byte[] rtp = new byte[RTP_HEADER + 32 + p.rtpOverhead()];
                rtp[0] = (byte) 0x80;
                int n = client.protectRtp(rtp, 0, RTP_HEADER + 32);
                server.unprotectRtp(rtp, 0, n);
                byte[] rtcp = new byte[RTCP_HEADER + 20 + p.rtcpOverhead()];
                rtcp[0] = (byte) 0x80;
                rtcp[1] = (byte) 200;
                n = client.protectRtcp(rtcp, 0, RTCP_HEADER + 20);
                server.unprotectRtcp(rtcp, 0, n);
            }
        }
        log.debug("SRTP warm-up took {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Spare bytes {@link #protectRtp} needs after the packet. */
    public int rtpOverhead() {
        return profile.rtpOverhead();
    }

    /** Spare bytes {@link #protectRtcp} needs after the packet. */
    public int rtcpOverhead() {
        return profile.rtcpOverhead();
    }

    /** Decrypts and authenticates an SRTP packet in place; returns the RTP length or a negative {@link SrtpError} code. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        checkWindow(buf, off, len, 0);
        if (closed) {
            return refuse(SrtpError.CLOSED);
        }
        int header = rtpHeaderLength(buf, off, len);
        if (header < 0 || header + profile.rtpOverhead() > len) {
            return refuse(SrtpError.MALFORMED);
        }
        int ssrc = readInt(buf, off + 8);
        int sequenceNumber = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        ReceiveStream stream = rxRtp.get(ssrc);
        boolean fresh = stream == null;
        try {
            SrtpCryptoContext ctx;
            if (fresh) {
                if (rxRtp.isFull()) {
                    return refuse(SrtpError.TOO_MANY_STREAMS);
                }
                ctx = newRtpStreams.contextFor(ssrc);
                if (ctx == null) {
                    return refuse(SrtpError.NEW_STREAMS_THROTTLED);
                }
            } else {
                ctx = stream.context();
            }
            PacketView pkt = new PacketView(buf, off, len);
            SrtpErrorStatus status = ctx.reverseTransformPacket(pkt, false);
            if (status != SrtpErrorStatus.OK) {
                return refuse(map(status));
            }
            if (fresh) {
                newRtpStreams.forget(ssrc);
                stream = rxRtp.adopt(ssrc, new ReceiveStream(ctx, new ReceiveReplayWindow()));
            }
            if (!stream.replayWindow().accept(sequenceNumber)) {
                return refuse(SrtpError.REPLAYED);
            }
            rtpUnprotected.increment();
            return pkt.getLength();
        } catch (GeneralSecurityException | RuntimeException e) {
            return cryptoFailure("unprotect RTP", ssrc, e);
        }
    }

    /** Encrypts and authenticates an RTP packet in place; returns the SRTP length or a negative {@link SrtpError} code. */
    public int protectRtp(byte[] buf, int off, int len) {
        checkWindow(buf, off, len, profile.rtpOverhead());
        if (closed) {
            return refuse(SrtpError.CLOSED);
        }
        if (rtpHeaderLength(buf, off, len) < 0) {
            return refuse(SrtpError.MALFORMED);
        }
        int ssrc = readInt(buf, off + 8);
        try {
            SrtpCryptoContext ctx = txRtp.get(ssrc);
            if (ctx == null) {
                if (txRtp.isFull()) {
                    return refuse(SrtpError.TOO_MANY_STREAMS);
                }
                ctx = txRtp.adopt(ssrc, txFactory.deriveContext(ssrc, 0));
            }
            PacketView pkt = new PacketView(buf, off, len);
            SrtpErrorStatus status = ctx.transformPacket(pkt);
            if (status != SrtpErrorStatus.OK) {
                return refuse(map(status));
            }
            // jitsi-srtp ignores a failed GCM encryption and reports OK; a packet that did not
            // grow by exactly the tag was not encrypted and must not reach the network.
            if (pkt.getLength() != len + profile.rtpOverhead()) {
                return cryptoFailure("protect RTP", ssrc, null);
            }
            rtpProtected.increment();
            return pkt.getLength();
        } catch (GeneralSecurityException | RuntimeException e) {
            return cryptoFailure("protect RTP", ssrc, e);
        }
    }

    /** Authenticates and decrypts an SRTCP packet in place; returns the RTCP length or a negative {@link SrtpError} code. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        checkWindow(buf, off, len, 0);
        if (closed) {
            return refuse(SrtpError.CLOSED);
        }
        if (len < RTCP_HEADER + profile.rtcpOverhead() || !isVersion2(buf, off)) {
            return refuse(SrtpError.MALFORMED);
        }
        int ssrc = readInt(buf, off + 4);
        SrtcpCryptoContext ctx = rxRtcp.get(ssrc);
        boolean fresh = ctx == null;
        try {
            if (fresh) {
                if (rxRtcp.isFull()) {
                    return refuse(SrtpError.TOO_MANY_STREAMS);
                }
                ctx = newRtcpStreams.contextFor(ssrc);
                if (ctx == null) {
                    return refuse(SrtpError.NEW_STREAMS_THROTTLED);
                }
            }
            PacketView pkt = new PacketView(buf, off, len);
            SrtpErrorStatus status = ctx.reverseTransformPacket(pkt);
            if (status != SrtpErrorStatus.OK) {
                return refuse(map(status));
            }
            if (fresh) {
                newRtcpStreams.forget(ssrc);
                rxRtcp.adopt(ssrc, ctx);
            }
            rtcpUnprotected.increment();
            return pkt.getLength();
        } catch (GeneralSecurityException | RuntimeException e) {
            return cryptoFailure("unprotect RTCP", ssrc, e);
        }
    }

    /** Encrypts and authenticates an RTCP packet in place; returns the SRTCP length or a negative {@link SrtpError} code. */
    public int protectRtcp(byte[] buf, int off, int len) {
        checkWindow(buf, off, len, profile.rtcpOverhead());
        if (closed) {
            return refuse(SrtpError.CLOSED);
        }
        if (len < RTCP_HEADER || !isVersion2(buf, off)) {
            return refuse(SrtpError.MALFORMED);
        }
        int ssrc = readInt(buf, off + 4);
        try {
            SrtcpCryptoContext ctx = txRtcp.get(ssrc);
            if (ctx == null) {
                if (txRtcp.isFull()) {
                    return refuse(SrtpError.TOO_MANY_STREAMS);
                }
                ctx = txRtcp.adopt(ssrc, txFactory.deriveControlContext(ssrc));
            }
            PacketView pkt = new PacketView(buf, off, len);
            SrtpErrorStatus status = ctx.transformPacket(pkt);
            if (status != SrtpErrorStatus.OK) {
                return refuse(map(status));
            }
            if (pkt.getLength() != len + profile.rtcpOverhead()) {
                return cryptoFailure("protect RTCP", ssrc, null);
            }
            rtcpProtected.increment();
            return pkt.getLength();
        } catch (GeneralSecurityException | RuntimeException e) {
            return cryptoFailure("protect RTCP", ssrc, e);
        }
    }

    /**
     * Derives receive contexts now, outside the budget for new streams, for SSRCs the peer has
     * announced (its SDP's {@code a=ssrc} lines): their first packets then never wait on that budget,
     * even while forged packets with made-up SSRCs spend it. Each takes about 30 µs (RTP and RTCP), so
     * at most {@link #MAX_EXPECTED_STREAMS} are held: a browser announces a handful (audio, video,
     * its retransmission stream, simulcast layers), and an SDP listing hundreds must not stall the
     * media thread.
     */
    public void expectReceiveStreams(Iterable<? extends Number> ssrcs) {
        if (closed) {
            return;
        }
        for (Number n : ssrcs) {
            int ssrc = n.intValue();
            try {
                if (rxRtp.get(ssrc) == null) {
                    newRtpStreams.announce(ssrc);
                }
                if (rxRtcp.get(ssrc) == null) {
                    newRtcpStreams.announce(ssrc);
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                cryptoFailure("derive an expected stream", ssrc, e); // its packets will try the budget instead
            }
        }
    }

    /** Drops the contexts of an SSRC that has gone away (both directions, RTP and RTCP). */
    public void forgetSsrc(int ssrc) {
        txRtp.remove(ssrc);
        rxRtp.remove(ssrc);
        txRtcp.remove(ssrc);
        rxRtcp.remove(ssrc);
        newRtpStreams.forget(ssrc);
        newRtcpStreams.forget(ssrc);
    }

    /** Number of SSRCs with a receive context (RTP). */
    public int receiveStreamCount() {
        return rxRtp.size();
    }

    public SrtpStats stats() {
        return new SrtpStats(rtpUnprotected.sum(), rtcpUnprotected.sum(), rtpProtected.sum(), rtcpProtected.sum(),
                malformed.sum(), authFailures.sum(), replays.sum(), otherFailures.sum(), streamsDerived.sum(),
                throttled.sum());
    }

    /** Forgets all streams and wipes the master keys; later calls return {@link SrtpError#CLOSED}. */
    @Override
    public void close() {
        closed = true;
        txRtp.clear();
        rxRtp.clear();
        txRtcp.clear();
        rxRtcp.clear();
        newRtpStreams.clear();
        newRtcpStreams.clear();
        txFactory.close();
        rxFactory.close();
    }

    /** A received SRTP stream: jitsi-srtp's context (keys, rollover counter) and the replay list kept here. */
    private record ReceiveStream(SrtpCryptoContext context, ReceiveReplayWindow replayWindow) {
    }

    private int refuse(SrtpError error) {
        switch (error) {
            case MALFORMED -> malformed.increment();
            case AUTH_FAILED -> authFailures.increment();
            case REPLAYED -> replays.increment();
            case NEW_STREAMS_THROTTLED -> throttled.increment();
            default -> otherFailures.increment();
        }
        return error.code();
    }

    private int cryptoFailure(String what, int ssrc, Exception e) {
        log.debug("SRTP {} failed for SSRC {}", what, Integer.toUnsignedString(ssrc), e);
        return refuse(SrtpError.CRYPTO_FAILURE);
    }

    private static SrtpError map(SrtpErrorStatus status) {
        return switch (status) {
            case AUTH_FAIL -> SrtpError.AUTH_FAILED;
            case REPLAY_FAIL, REPLAY_OLD -> SrtpError.REPLAYED;
            case INVALID_PACKET -> SrtpError.MALFORMED;
            default -> SrtpError.CRYPTO_FAILURE;
        };
    }

    /**
     * Length of the RTP header including CSRCs and the header extension (RFC 3550 §5.1, §5.3.1),
     * or -1 when the packet is not version 2 or the header runs past {@code len}.
     */
    static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < RTP_HEADER || !isVersion2(buf, off)) {
            return -1;
        }
        int header = RTP_HEADER + 4 * (buf[off] & 0x0f);
        if ((buf[off] & 0x10) != 0) {
            if (header + 4 > len) {
                return -1;
            }
            int extWords = ((buf[off + header + 2] & 0xff) << 8) | (buf[off + header + 3] & 0xff);
            header += 4 + 4 * extWords;
        }
        return header <= len ? header : -1;
    }

    private static boolean isVersion2(byte[] buf, int off) {
        return (buf[off] & 0xc0) == 0x80;
    }

    private static int readInt(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    private static void checkWindow(byte[] buf, int off, int len, int tailRoom) {
        Objects.requireNonNull(buf, "buf");
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("window off=" + off + " len=" + len
                    + " outside array of " + buf.length);
        }
        if (buf.length - off - len < tailRoom) {
            throw new IllegalArgumentException("protect needs " + tailRoom + " spare bytes after the packet, have "
                    + (buf.length - off - len));
        }
    }
}
