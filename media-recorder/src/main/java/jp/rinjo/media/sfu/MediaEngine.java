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

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.control.MediaControl;
import jp.rinjo.media.control.NodeLoad;
import jp.rinjo.media.node.MediaNodeConfig;
import jp.rinjo.media.rtp.codec.Codec;
import jp.rinjo.media.sdp.IncomingTrack;
import jp.rinjo.media.sdp.NodeTransport;
import jp.rinjo.media.sdp.PublishAnswer;
import jp.rinjo.media.sdp.PublishNegotiator;
import jp.rinjo.media.sdp.SdpException;
import jp.rinjo.media.sdp.SdpParser;
import jp.rinjo.media.sdp.SessionDescription;
import jp.rinjo.media.transport.dtls.DtlsCertificate;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.dtls.DtlsServer;
import jp.rinjo.media.transport.ice.IceCredentials;
import jp.rinjo.media.transport.ice.IceLiteAgent;
import jp.rinjo.media.transport.ice.IceResult;
import jp.rinjo.media.transport.ice.IceUfragRouter;
import jp.rinjo.media.transport.udp.PacketClassifier;

/**
 * The media node's state and packet handling, confined to one event loop: every datagram, timer
 * and control call runs there, so rooms, endpoints and tracks need no locks. A datagram reaches an
 * endpoint only from an address that passed that endpoint's ICE check (so one session's packets
 * never reach another), and then only through its SRTP keys.
 */
public final class MediaEngine {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);

    private final MediaNodeConfig config;
    private final EventLoop loop;
    private final Channel channel;
    private final DtlsCertificate certificate;
    private final DtlsServer dtlsServer;
    private final List<String> candidates;
    private final MediaStats stats = new MediaStats();
    private final IceUfragRouter iceRouter = new IceUfragRouter();
    private final Map<IceLiteAgent, Endpoint> byAgent = new HashMap<>();
    private final Map<InetSocketAddress, Endpoint> byAddress = new HashMap<>();
    private final Map<SessionId, Room> rooms = new HashMap<>();
    private final List<RtpSinkFactory> sinkFactories = new ArrayList<>();
    private volatile MediaControl.Listener listener = (s, p, sdp) -> { };
    private final Map<SessionId, String[]> recordingStates = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean batching;
    private long lastConsentCheck;
    private long batchStartNanos;
    private boolean unflushed;

    /** Creates the recorder's taps for each new published track. */
    public interface RtpSinkFactory {
        Optional<RtpSink> sinkFor(SessionId session, PublishedTrack track);
    }

    public MediaEngine(MediaNodeConfig config, EventLoop loop, Channel channel, DtlsCertificate certificate,
                       DtlsServer dtlsServer, List<String> candidates) {
        this.config = config;
        this.loop = loop;
        this.channel = channel;
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
    }

    void forget(Endpoint e) {
        iceRouter.unregister(e.ice);
        byAgent.remove(e.ice);
        byAddress.values().removeIf(x -> x == e);
    }

    /**
     * The recorder's news for a session's participants (thread-safe: the recorder's threads call it).
     * The latest state is repeated to everyone who joins later.
     */
    public void announceRecording(SessionId session, String state, String detail) {
        recordingStates.put(session, new String[] {state, detail});
        listener.recording(session, state, detail);
    }

    void sendSubscribeOffer(Participant p, String sdp) {
        listener.subscribeOffer(p.room().id(), p.id(), sdp);
    }

    // ---------------------------------------------------------------- datagrams

    /**
     * A received datagram, during a read batch: what it causes to be sent is written now and flushed
     * once for the batch ({@link #flush()}), so the kernel gets many datagrams per system call.
     */
    public void onDatagramBatched(InetSocketAddress from, byte[] buf, int len) {
        if (!batching) {
            batching = true;
            batchStartNanos = System.nanoTime();
        }
        onDatagram(from, buf, len);
    }

    /** Ends a read batch: sends everything written during it. */
    public void flush() {
        boolean wasBatching = batching;
        batching = false;
        if (unflushed) {
            unflushed = false;
            channel.flush();
            if (wasBatching && batchStartNanos != 0) {
                // the first datagram of the batch waited longest: an upper bound for all of them
                stats.nodeLatency.recordNanos(System.nanoTime() - batchStartNanos);
            }
        }
        batchStartNanos = 0;
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

    void send(InetSocketAddress to, byte[] buf, int len, boolean media) {
        if (media && config.faultOutboundLoss() > 0 && ThreadLocalRandom.current().nextDouble() < config.faultOutboundLoss()) {
            stats.faultDropped.increment();
            return;
        }
        if (media) {
            stats.packetsOut.increment();
        }
        DatagramPacket packet = new DatagramPacket(Unpooled.wrappedBuffer(buf, 0, len), to);
        if (batching) {
            channel.write(packet, channel.voidPromise());
            unflushed = true;
        } else {
            channel.writeAndFlush(packet, channel.voidPromise());
        }
    }

    private void tick() {
        batching = true;
        batchStartNanos = 0;
        try {
            tickEndpoints();
        } finally {
            flush();
        }
    }

    private void tickEndpoints() {
        long mono = System.nanoTime();
        // consent (RFC 7675) lapses after 30 s: checking it twice a second is plenty
        boolean consentRound = mono - lastConsentCheck >= 500_000_000L;
        if (consentRound) {
            lastConsentCheck = mono;
        }
        long wall = wallMicros();
        for (Room room : rooms.values()) {
            for (Participant p : room.participants.values()) {
                if (consentRound && p.subscriber != null) {
                    p.subscriber.refreshConsent(mono);
                }
                if (p.publisher != null) {
                    if (consentRound) {
                        p.publisher.refreshConsent(mono);
                    }
                    try {
                        p.publisher.tick(wall, mono);
                    } catch (RuntimeException e) {
                        log.warn("{}: periodic RTCP failed", p.publisher, e);
                    }
                }
            }
        }
    }

    static long wallMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    // ---------------------------------------------------------------- control (on the loop)

    public void joined(SessionId session, ParticipantId id) {
        Room room = rooms.computeIfAbsent(session, Room::new);
        Participant p = room.participants.computeIfAbsent(id, k -> new Participant(k, room));
        if (p.removal != null) {
            p.removal.cancel(false);
            p.removal = null;
        }
        if (p.subscriber == null) {
            p.subscriber = new SubscriberEndpoint(this, p);
            registerIce(p.subscriber);
        } else {
            p.subscriber.restartIceOnNextOffer();
        }
        p.subscriber.renegotiate();
        String[] recording = recordingStates.get(session);
        if (recording != null) {
            listener.recording(session, recording[0], recording[1]);
        }
    }

    public String publish(SessionId session, ParticipantId id, String offerSdp) {
        SessionDescription offer;
        try {
            offer = SdpParser.parse(offerSdp);
            offer.requireTransport();
        } catch (SdpException e) {
            throw RinjoException.invalid("the publish offer is not usable: " + e.getMessage());
        }
        Room room = rooms.computeIfAbsent(session, Room::new);
        Participant p = room.participants.get(id);
        if (p == null) {
            joined(session, id);
            p = room.participants.get(id);
        }
        var firstSection = offer.media().stream().filter(m -> m.port() != 0).findFirst()
                .orElseThrow(() -> RinjoException.invalid("the publish offer has no media"));
        DtlsFingerprint fingerprint = firstSection.fingerprint();
        IceCredentials remoteIce = firstSection.ice();
        PublisherEndpoint pub = p.publisher;
        if (pub != null && fingerprint.equals(pub.remoteFingerprint())) {
            // the same browser peer connection: a re-offer, maybe an ICE restart after a network change
            if (pub.ice.remoteCredentials().map(c -> !c.equals(remoteIce)).orElse(true)) {
                pub.ice.restart(remoteIce.ufrag(), remoteIce.pwd());
                registerIce(pub);
            }
        } else {
            if (pub != null) {
                pub.close();
            }
            pub = new PublisherEndpoint(this, p);
            pub.ice.setRemoteCredentials(remoteIce);
            registerIce(pub);
            pub.startDtls(fingerprint);
            p.publisher = pub;
        }
        PublishAnswer answer;
        try {
            answer = PublishNegotiator.answer(offer, transportFor(pub));
        } catch (SdpException e) {
            throw RinjoException.invalid("the publish offer is not usable: " + e.getMessage());
        }
        bindTracks(room, p, pub, answer.tracks());
        return answer.sdp();
    }

    private void bindTracks(Room room, Participant p, PublisherEndpoint pub, List<IncomingTrack> incoming) {
        Map<String, Integer> perKind = new HashMap<>();
        List<PublishedTrack> bound = new ArrayList<>();
        boolean changed = false;
        long wall = wallMicros();
        int midExt = -1;
        int twccExt = -1;
        for (IncomingTrack in : incoming) {
            int index = perKind.merge(in.kind(), 1, Integer::sum) - 1;
            String key = p.id().value() + "/" + in.kind() + index + "/" + in.rinjoCodec().name();
            PublishedTrack t = room.tracks.get(key);
            if (t == null) {
                t = new PublishedTrack(key, p.id(), in.kind(), in.rinjoCodec(), in.codec());
                room.tracks.put(key, t);
                for (RtpSinkFactory f : sinkFactories) {
                    PublishedTrack track = t;
                    f.sinkFor(room.id(), t).ifPresent(track::addSink);
                }
                changed = true;
            }
            t.attach(pub, in.mid(), in.ssrcs(), in.codec(), wall);
            bound.add(t);
            midExt = Math.max(midExt, in.midExtensionId());
            twccExt = Math.max(twccExt, in.transportCcExtensionId());
        }
        // this participant's tracks that are not in the new offer are gone
        for (var it = room.tracks.values().iterator(); it.hasNext(); ) {
            PublishedTrack t = it.next();
            if (t.owner().equals(p.id()) && !bound.contains(t)) {
                t.detach("unpublished", wall);
                it.remove();
                changed = true;
            }
        }
        pub.bind(bound, midExt, twccExt);
        if (changed) {
            room.tracksChanged();
        }
        log.info("session {}: {} publishes {}", room.id(), p.id(),
                bound.stream().map(t -> t.kind() + " " + t.codec()).toList());
    }

    public void subscribeAnswer(SessionId session, ParticipantId id, String answerSdp) {
        Room room = rooms.get(session);
        Participant p = room == null ? null : room.participants.get(id);
        if (p == null || p.subscriber == null) {
            throw RinjoException.conflict("no subscribe offer was made to this participant");
        }
        try {
            p.subscriber.onAnswer(SdpParser.parse(answerSdp));
        } catch (SdpException e) {
            throw RinjoException.invalid("the subscribe answer is not usable: " + e.getMessage());
        }
    }

    public void left(SessionId session, ParticipantId id) {
        Room room = rooms.get(session);
        Participant p = room == null ? null : room.participants.get(id);
        if (p == null || p.removal != null) {
            return;
        }
        p.removal = loop.schedule(() -> remove(room, p), config.rejoinGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void remove(Room room, Participant p) {
        room.participants.remove(p.id());
        long wall = wallMicros();
        boolean hadTracks = room.tracks.values().removeIf(t -> {
            if (t.owner().equals(p.id())) {
                t.detach("left", wall);
                return true;
            }
            return false;
        });
        if (p.publisher != null) {
            p.publisher.close();
        }
        if (p.subscriber != null) {
            p.subscriber.close();
        }
        if (room.participants.isEmpty()) {
            rooms.remove(room.id());
            recordingStates.remove(room.id());
        } else if (hadTracks) {
            room.tracksChanged();
        }
        log.info("session {}: {} removed from the media node", room.id(), p.id());
    }

    public NodeLoad load() {
        int endpoints = 0;
        int tracks = 0;
        for (Room r : rooms.values()) {
            tracks += r.tracks.size();
            for (Participant p : r.participants.values()) {
                endpoints += (p.publisher != null ? 1 : 0) + (p.subscriber != null ? 1 : 0);
            }
        }
        return new NodeLoad(rooms.size(), endpoints, tracks, stats.packetsOut.sum());
    }

    /** Every track of a session (for the recorder and tests). */
    public List<PublishedTrack> tracks(SessionId session) {
        Room r = rooms.get(session);
        return r == null ? List.of() : new ArrayList<>(r.tracks.values());
    }

    static boolean isVideo(Codec c) {
        return c == Codec.H264 || c == Codec.VP8;
    }
}
