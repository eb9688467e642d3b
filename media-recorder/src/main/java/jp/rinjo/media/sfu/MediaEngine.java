package jp.rinjo.media.sfu;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.control.MediaControl;
import jp.rinjo.media.control.NodeLoad;
import jp.rinjo.media.node.MediaNodeConfig;
import jp.rinjo.media.sdp.NodeTransport;
import jp.rinjo.media.transport.dtls.DtlsCertificate;
import jp.rinjo.media.transport.dtls.DtlsServer;
import jp.rinjo.media.transport.ice.IceLiteAgent;
import jp.rinjo.media.transport.ice.IceResult;
import jp.rinjo.media.transport.ice.IceUfragRouter;
import jp.rinjo.media.transport.udp.DatagramSender;
import jp.rinjo.media.transport.udp.DatagramSenders;
import jp.rinjo.media.transport.udp.PacketClassifier;

/**
 * The media node's state and packet handling, confined to one event loop: every datagram, timer
 * and control call runs there, so rooms, endpoints and tracks need no locks. A datagram reaches an
 * endpoint only from an address that passed that endpoint's ICE check (so one session's packets
 * never reach another), and then only through its SRTP keys.
 */
public final class MediaEngine {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);

    /** A datagram read is at most 1,500 bytes; room for any SRTP trailer after it. */
    static final int FORWARD_SCRATCH = 1500 + 64;
    private final MediaNodeConfig config;
    private final EventLoop loop;
    private final DatagramSender sender;
    private final DtlsCertificate certificate;
    private final DtlsServer dtlsServer;
    private final List<String> candidates;
    private final MediaStats stats = new MediaStats();
    private final IceUfragRouter iceRouter = new IceUfragRouter();
    private final Map<IceLiteAgent, Endpoint> byAgent = new HashMap<>();
    private final Map<InetSocketAddress, Endpoint> byAddress = new HashMap<>();
    /**
     * Every open publisher transport, for the 20 ms tick (bandwidth feedback, reports): a flat list
     * instead of a walk over every room's participants, most of whom only receive.
     */
    private final List<PublisherEndpoint> publishers = new ArrayList<>();
    private final RoomDirectory rooms = new RoomDirectory(this);
    private final List<RtpSinkFactory> sinkFactories = new ArrayList<>();
    /** Where each forwarded copy is rewritten and protected; the event loop's alone (see {@link #send}). */
    private final byte[] forwardScratch = new byte[FORWARD_SCRATCH];
    private volatile MediaControl.Listener listener = (s, p, sdp) -> { };
    /** The latest recording state of each room at the node, to tell whoever joins later. */
    private final Map<SessionId, String[]> recordingStates = new HashMap<>();
    private boolean batching;
    private long lastConsentCheck;
    private long readStartNanos;
    private final ReadCoalescing coalescing;
    private boolean unflushed;
    /** Queued datagrams that make a read's sends go to the kernel without waiting for the read's end. */
    static final int FLUSH_AT = 32;
    /** Datagrams queued since the last flush, and received datagrams whose fan-out is among them. */
    private int queuedSinceFlush;
    private int datagramsSinceFlush;

    /** Creates the recorder's taps for each new published track. */
    public interface RtpSinkFactory {
        Optional<RtpSink> sinkFor(SessionId session, PublishedTrack track);
    }

    public MediaEngine(MediaNodeConfig config, EventLoop loop, Channel channel, DtlsCertificate certificate,
                       DtlsServer dtlsServer, List<String> candidates, ReadCoalescing coalescing) {
        this.config = config;
        this.coalescing = coalescing;
        this.loop = loop;
        this.sender = DatagramSenders.forChannel(channel, stats.sendRefused, stats.sendMessages);
        this.certificate = certificate;
        this.dtlsServer = dtlsServer;
        this.candidates = List.copyOf(candidates);
        loop.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    MediaNodeConfig config() {
        return config;
    }

    EventLoop loop() {
        return loop;
    }

    DtlsServer dtlsServer() {
        return dtlsServer;
    }

    public MediaStats stats() {
        return stats;
    }

    public void setListener(MediaControl.Listener listener) {
        this.listener = listener;
    }

    public void addSinkFactory(RtpSinkFactory factory) {
        sinkFactories.add(factory);
    }

    NodeTransport transportFor(Endpoint e) {
        return new NodeTransport(e.ice.localCredentials(), certificate.fingerprint(), candidates);
    }

    void registerIce(Endpoint e) {
        iceRouter.register(e.ice);
        byAgent.put(e.ice, e);
        if (e instanceof PublisherEndpoint pub && !publishers.contains(pub)) {
            publishers.add(pub);
        }
    }

    void forget(Endpoint e) {
        iceRouter.unregister(e.ice);
        byAgent.remove(e.ice);
        byAddress.values().removeIf(x -> x == e);
        if (e instanceof PublisherEndpoint pub) {
            publishers.remove(pub);
        }
    }

    /**
     * The recorder's news for a session's participants (thread-safe: the recorder's threads call it).
     * The latest state is repeated to everyone who joins later.
     */
    public void announceRecording(SessionId session, String state, String detail) {
        loop.execute(() -> announceOnLoop(session, state, detail));
    }

    /** News for every live session on this node (e.g. the spool is full): runs on the loop. */
    public void announceRecordingEverywhere(String state, String detail) {
        loop.execute(() -> rooms.all().forEach(r -> announceOnLoop(r.id(), state, detail)));
    }

    /**
     * Kept only while the room exists: news that comes after its last participant is gone (a segment
     * stored late, after upload retries) would otherwise stay forever and be told to whoever joins
     * that session id later.
     */
    private void announceOnLoop(SessionId session, String state, String detail) {
        if (rooms.get(session) != null) {
            recordingStates.put(session, new String[] {state, detail});
        }
        listener.recording(session, state, detail);
    }

    void sendSubscribeOffer(Participant p, String sdp) {
        listener.subscribeOffer(p.room().id(), p.id(), sdp);
    }

    // ---------------------------------------------------------------- datagrams

    /**
     * A datagram of the current read (one {@code recvmmsg} brings up to 16). What it causes to be sent
     * is queued; the queue goes to the kernel in one {@code sendmmsg} once it holds {@value #FLUSH_AT}
     * datagrams or the read is over ({@link #endRead}), whichever comes first. A system call per
     * received packet had cost 15.3 µs of the node's CPU per forwarded packet against 12.8 µs with this
     * (measured in place, README Performance): on a paravirtual VM each call is a world switch. The
     * cap bounds what a packet waits for the ones read after it: about 8 publisher packets' fan-out.
     * The latency recorded for each datagram is from the earliest time it can have arrived (the start
     * of the read, or before the loop's coalescing wait: {@link ReadCoalescing}) to the flush that
     * carried its fan-out, an upper bound of the time the node held it (recvmmsg gives no arrival time).
     */
    public void onDatagramRead(InetSocketAddress from, byte[] buf, int len) {
        if (readStartNanos == 0) {
            readStartNanos = coalescing.earliestArrivalNanos();
        }
        batching = true;
        try {
            onDatagram(from, buf, len);
        } finally {
            batching = false;
            if (unflushed) {
                datagramsSinceFlush++;
                if (queuedSinceFlush >= FLUSH_AT) {
                    flushRead();
                }
            }
        }
    }

    private void flushRead() {
        unflushed = false;
        flushSender();
        long held = System.nanoTime() - readStartNanos;
        for (; datagramsSinceFlush > 0; datagramsSinceFlush--) {
            stats.nodeLatency.recordNanos(held);
        }
    }

    /** The read is over: the next datagram starts the next one. */
    public void endRead() {
        if (readStartNanos != 0) {
            coalescing.readEnded(System.nanoTime());
        }
        if (unflushed) {
            flushRead();
        }
        readStartNanos = 0;
    }

    /** One received datagram, copied into {@code buf} with room to spare. */
    public void onDatagram(InetSocketAddress from, byte[] buf, int len) {
        long monoNanos = System.nanoTime();
        long wallMicros = wallMicros();
        switch (PacketClassifier.classify(buf, 0, len)) {
            case STUN -> onStun(from, buf, len, monoNanos);
            case DTLS -> {
                Endpoint e = byAddress.get(from);
                if (e == null) {
                    stats.unknownSource.increment();
                } else {
                    e.onDtls(java.util.Arrays.copyOf(buf, len));
                }
            }
            case RTP, RTCP -> {
                Endpoint e = byAddress.get(from);
                if (e == null) {
                    stats.unknownSource.increment();
                    return;
                }
                boolean rtcp = PacketClassifier.classify(buf, 0, len) == PacketClassifier.PacketType.RTCP;
                if (!rtcp && config.faultInboundLoss() > 0 && ThreadLocalRandom.current().nextDouble() < config.faultInboundLoss()) {
                    stats.faultDropped.increment();
                    return;
                }
                e.onSrtp(buf, len, rtcp, wallMicros, monoNanos);
            }
            default -> stats.garbage.increment();
        }
    }

    private void onStun(InetSocketAddress from, byte[] buf, int len, long monoNanos) {
        Optional<IceLiteAgent> agent = iceRouter.route(buf, 0, len);
        if (agent.isEmpty()) {
            stats.unknownStun.increment();
            return;
        }
        Endpoint e = byAgent.get(agent.get());
        IceResult result = agent.get().handle(buf, 0, len, from, monoNanos);
        result.response().ifPresent(r -> send(from, r, r.length, false));
        if (result.outcome() == IceResult.Outcome.SUCCESS && e != null) {
            byAddress.put(from, e);
            e.onStunResult(from);
        } else if (result.outcome() != IceResult.Outcome.SUCCESS) {
            stats.stunErrors.increment();
        }
    }

    /** Scratch space for one forwarded copy at a time, valid until the next forward on this loop. */
    byte[] forwardScratch() {
        return forwardScratch;
    }

    /**
     * Sends one datagram. The bytes are copied before this returns, so a caller may reuse {@code buf}
     * at once: the forwarding path protects each copy in one scratch array ({@link #forwardScratch()}),
     * which spares the collector an array per forwarded packet.
     */
    void send(InetSocketAddress to, byte[] buf, int len, boolean media) {
        if (media && config.faultOutboundLoss() > 0 && ThreadLocalRandom.current().nextDouble() < config.faultOutboundLoss()) {
            stats.faultDropped.increment();
            return;
        }
        if (!loop.inEventLoop()) {
            // the native batch is the loop's alone (Netty's write path took any thread): hop over
            byte[] copy = java.util.Arrays.copyOf(buf, len);
            loop.execute(() -> send(to, copy, len, media));
            return;
        }
        if (media) {
            stats.packetsOut.increment();
        }
        sender.send(to, buf, 0, len);
        queuedSinceFlush++;
        if (batching) {
            unflushed = true;
        } else {
            flushSender();
        }
    }

    private void flushSender() {
        queuedSinceFlush = 0;
        sender.flush();
    }

    private void tick() {
        batching = true;
        try {
            tickEndpoints();
        } finally {
            batching = false;
            if (unflushed) {
                unflushed = false;
                flushSender();
            }
        }
    }

    private void tickEndpoints() {
        long mono = System.nanoTime();
        long wall = wallMicros();
        for (int i = 0; i < publishers.size(); i++) {
            PublisherEndpoint pub = publishers.get(i);
            try {
                pub.tick(wall, mono);
            } catch (RuntimeException e) {
                log.warn("{}: periodic RTCP failed", pub, e);
            }
        }
        // consent (RFC 7675) lapses after 30 s: checking it twice a second is plenty
        if (mono - lastConsentCheck >= 500_000_000L) {
            lastConsentCheck = mono;
            for (Room room : rooms.all()) {
                for (Participant p : room.participants.values()) {
                    if (p.subscriber != null) {
                        p.subscriber.refreshConsent(mono);
                    }
                    if (p.publisher != null) {
                        p.publisher.refreshConsent(mono);
                    }
                }
            }
            rooms.removeSilent(mono);
        }
    }

    static long wallMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    // ---------------------------------------------------------------- control (on the loop)

    public void joined(SessionId session, ParticipantId id) {
        rooms.joined(session, id);
        String[] recording = recordingStates.get(session);
        if (recording != null) {
            listener.recording(session, recording[0], recording[1]);
        }
    }

    public String publish(SessionId session, ParticipantId id, String offerSdp) {
        return rooms.publish(session, id, offerSdp);
    }

    public void subscribeAnswer(SessionId session, ParticipantId id, String answerSdp) {
        rooms.subscribeAnswer(session, id, answerSdp);
    }

    public void left(SessionId session, ParticipantId id) {
        rooms.left(session, id);
    }

    void roomClosed(SessionId session) {
        recordingStates.remove(session);
    }

    List<RtpSinkFactory> sinkFactories() {
        return sinkFactories;
    }

    public NodeLoad load() {
        int endpoints = 0;
        int tracks = 0;
        for (Room r : rooms.all()) {
            tracks += r.tracks.size();
            for (Participant p : r.participants.values()) {
                endpoints += (p.publisher != null ? 1 : 0) + (p.subscriber != null ? 1 : 0);
            }
        }
        return new NodeLoad(rooms.all().size(), endpoints, tracks, stats.packetsOut.sum());
    }

    /** Every track of a session (for the recorder and tests). */
    public List<PublishedTrack> tracks(SessionId session) {
        Room r = rooms.get(session);
        return r == null ? List.of() : new ArrayList<>(r.tracks.values());
    }
}
