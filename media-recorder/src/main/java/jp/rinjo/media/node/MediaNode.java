package jp.rinjo.media.node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.control.MediaControl;
import jp.rinjo.media.control.NodeLoad;
import jp.rinjo.media.sfu.MediaEngine;
import jp.rinjo.media.sfu.MediaStats;
import jp.rinjo.media.sfu.ReadCoalescing;
import jp.rinjo.media.transport.dtls.DtlsCertificate;
import jp.rinjo.media.transport.dtls.DtlsConfig;
import jp.rinjo.media.transport.dtls.DtlsServer;
import jp.rinjo.media.transport.ice.IceCandidates;
import jp.rinjo.media.transport.srtp.SrtpSession;

/**
 * A running media node: one UDP port (Netty) for every session, the engine on that port's event
 * loop, and the control operations signaling calls. Control calls hop onto the event loop, so the
 * engine never sees two threads.
 */
public final class MediaNode implements MediaControl, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaNode.class);
    private static final int MAX_DATAGRAM = 1500;
    /** The prefix of the media thread's name (Netty appends pool and thread numbers, e.g. "rinjo-media-1-1"). */
    public static final String MEDIA_THREAD_NAME = "rinjo-media";
    /** Room after a received datagram for in-place SRTP growth is not needed (decryption shrinks). */
    private final EventLoopGroup group;
    private final Channel channel;
    private final MediaEngine engine;
    private final ExecutorService dtlsPool;
    private final int port;

    private MediaNode(EventLoopGroup group, Channel channel, MediaEngine engine, ExecutorService dtlsPool, int port) {
        this.group = group;
        this.channel = channel;
        this.engine = engine;
        this.dtlsPool = dtlsPool;
        this.port = port;
    }

    public static MediaNode start(MediaNodeConfig config) throws InterruptedException {
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            // jitsi-srtp writes to java.util.logging (on stderr by default): send it through SLF4J
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
        SrtpSession.warmUp();
        boolean epoll = Epoll.isAvailable();
        // named so that operators (top -H) and the benchmark (which pins it to a core) can find it
        ReadCoalescing coalescing = new ReadCoalescing(config.readCoalescing().toNanos());
        EventLoopGroup group = singleLoop(MEDIA_THREAD_NAME, epoll, coalescing);
        ExecutorService dtlsPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rinjo-dtls");
            t.setDaemon(true);
            return t;
        });
        DtlsCertificate certificate = DtlsCertificate.generate();
        DtlsServer dtls = new DtlsServer(certificate, DtlsConfig.defaults(), dtlsPool);
        MediaEngine[] engineRef = new MediaEngine[1];
        Bootstrap b = datagramBootstrap(group, epoll).handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        ByteBuf content = packet.content();
                        int len = content.readableBytes();
                        if (len == 0 || len > MAX_DATAGRAM) {
                            engineRef[0].stats().garbage.increment();
                            return;
                        }
                        byte[] buf = new byte[len];
                        content.getBytes(content.readerIndex(), buf);
                        try {
                            engineRef[0].onDatagramRead(packet.sender(), buf, len);
                        } catch (RuntimeException e) {
                            // one bad packet must never take the node down
                            engineRef[0].stats().garbage.increment();
                            log.debug("datagram from {} failed: {}", packet.sender(), e.toString());
                        }
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        engineRef[0].endRead();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        log.debug("UDP channel error: {}", cause.toString());
                    }
                });
        Channel channel = b.bind(config.bindHost(), config.udpPort()).sync().channel();
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        List<InetAddress> addresses = config.advertised().isEmpty() ? defaultAddresses() : config.advertised();
        List<InetSocketAddress> sockets = addresses.stream().map(a -> new InetSocketAddress(a, port)).toList();
        List<String> candidates = IceCandidates.hostCandidates(sockets);
        MediaEngine engine = new MediaEngine(config, channel.eventLoop(), channel, certificate, dtls, candidates, coalescing);
        engineRef[0] = engine;
        log.info("media node on UDP port {} ({}, reads gathered for {} µs), host candidates {}", port, epoll ? "epoll" : "nio",
                coalescing.windowNanos() / 1000, addresses);
        return new MediaNode(group, channel, engine, dtlsPool, port);
    }

    /** One event-loop thread named {@code name} (Netty appends pool and thread numbers), on epoll where it works. */
    public static EventLoopGroup singleLoop(String name, boolean epoll) {
        return singleLoop(name, epoll, new ReadCoalescing(0));
    }

    /** The same, waiting for datagrams as {@code strategy} says (one strategy per loop: it keeps state). */
    public static EventLoopGroup singleLoop(String name, boolean epoll, SelectStrategy strategy) {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name), epoll
                ? EpollIoHandler.newFactory(0, () -> strategy)
                : NioIoHandler.newFactory(java.nio.channels.spi.SelectorProvider.provider(), () -> strategy));
    }

    /**
     * The media port's socket settings, without a handler. Public so that the forwarding-floor
     * benchmark measures a bare relay on exactly the node's settings.
     */
    public static Bootstrap datagramBootstrap(EventLoopGroup group, boolean epoll) {
        Bootstrap b = new Bootstrap().group(group).channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                // with epoll, one read takes up to 16 datagrams (recvmmsg) into one buffer
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(epoll ? 2048 * 16 : 2048));
        if (epoll) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 2048);
        }
        return b;
    }

    /** LAN IPv4 addresses first, then loopback (for a browser on the same machine). */
    static List<InetAddress> defaultAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.getName().startsWith("docker") || ni.getName().startsWith("veth")) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("cannot list network interfaces: {}", e.toString());
        }
        out.add(InetAddress.getLoopbackAddress());
        return out;
    }

    public int port() {
        return port;
    }

    /** The id of the one thread that does all media work (for CPU-time measurement). */
    public long eventLoopThreadId() {
        try {
            return onLoop(() -> Thread.currentThread().getId()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public MediaEngine engine() {
        return engine;
    }

    public MediaStats stats() {
        return engine.stats();
    }

    private <T> CompletionStage<T> onLoop(Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            try {
                f.complete(work.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    @Override
    public void setListener(Listener listener) {
        engine.setListener(listener);
    }

    @Override
    public CompletionStage<Void> joined(SessionId session, ParticipantId participant) {
        return onLoop(() -> {
            engine.joined(session, participant);
            return null;
        });
    }

    @Override
    public CompletionStage<String> publish(SessionId session, ParticipantId participant, String offerSdp) {
        return onLoop(() -> engine.publish(session, participant, offerSdp));
    }

    @Override
    public CompletionStage<Void> subscribeAnswer(SessionId session, ParticipantId participant, String answerSdp) {
        return onLoop(() -> {
            engine.subscribeAnswer(session, participant, answerSdp);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> left(SessionId session, ParticipantId participant) {
        return onLoop(() -> {
            engine.left(session, participant);
            return null;
        });
    }

    /** What to do when a session ends (the recorder seals it); without one, nothing is recorded to seal. */
    public interface SessionEndHandler {
        CompletionStage<Void> ended(SessionId session, jp.rinjo.media.control.SessionEnd end);
    }

    private volatile SessionEndHandler sessionEnd = (s, a) -> CompletableFuture.completedFuture(null);

    public void setSessionEndHandler(SessionEndHandler handler) {
        this.sessionEnd = handler;
    }

    @Override
    public CompletionStage<Void> sessionEnded(SessionId session, jp.rinjo.media.control.SessionEnd end) {
        return sessionEnd.ended(session, end);
    }

    @Override
    public NodeLoad load() {
        try {
            return onLoop(engine::load).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("media node did not answer", e);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        dtlsPool.shutdownNow();
    }
}
