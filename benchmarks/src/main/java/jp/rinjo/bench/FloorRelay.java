package jp.rinjo.bench;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.DatagramPacket;
import jp.rinjo.media.node.MediaNode;
import jp.rinjo.media.transport.srtp.SrtpSession;
import jp.rinjo.media.transport.udp.DatagramSender;
import jp.rinjo.media.transport.udp.DatagramSenders;

/**
 * The least a forwarding node can do, on the media node's own socket settings and thread model:
 * each datagram from a publisher is copied to each of its room's subscribers and handed to the
 * kernel in one flush (sendmmsg, from the node's own native batch: {@link DatagramSenders}). With SRTP on, it is decrypted once and each copy encrypted with
 * that subscriber's keys, as the node must. No ICE, no RTP rewriting, no retransmission cache, no
 * feedback, no recording: what the media node costs above this relay is the SFU's own work.
 */
final class FloorRelay implements AutoCloseable {
    static final String THREAD_NAME = "rinjo-floor";

    /** One subscriber: where its copies go and the keys they are encrypted with. */
    record Subscriber(InetSocketAddress address, SrtpSession srtp) {
    }

    /** One publisher's room: the keys its packets come with and who receives them. */
    record Room(SrtpSession inbound, List<Subscriber> subscribers) {
    }

    final LongAdder received = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder unknownSource = new LongAdder();
    final LongAdder undecryptable = new LongAdder();
    private final Map<InetSocketAddress, Room> rooms = new HashMap<>();
    private final EventLoopGroup group;
    private final Channel channel;
    private final DatagramSender sender;
    /** Each copy is written and protected here before the sender copies it, as the node does. */
    private final byte[] scratch = new byte[2048];
    private volatile boolean srtp;

    private FloorRelay() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        group = MediaNode.singleLoop(THREAD_NAME, epoll);
        channel = MediaNode.datagramBootstrap(group, epoll).handler(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                relay(ctx, packet);
            }
        }).bind("127.0.0.1", 0).sync().channel();
        sender = DatagramSenders.forChannel(channel, new LongAdder(), new LongAdder());
    }

    static FloorRelay start() throws InterruptedException {
        return new FloorRelay();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Registers a publisher's room; call before its packets flow. */
    void addRoom(InetSocketAddress publisher, Room room) throws InterruptedException {
        channel.eventLoop().submit(() -> rooms.put(publisher, room)).sync();
    }

    void srtp(boolean on) {
        srtp = on;
    }

    long threadId() throws Exception {
        return channel.eventLoop().submit(() -> Thread.currentThread().getId()).get();
    }

    private void relay(ChannelHandlerContext ctx, DatagramPacket packet) { // ctx: Netty reads; the batch sends
        received.increment();
        ByteBuf content = packet.content();
        int len = content.readableBytes();
        byte[] buf = new byte[len]; // as the node does: the engine works on arrays
        content.getBytes(content.readerIndex(), buf);
        Room room = rooms.get(packet.sender());
        if (room == null) {
            unknownSource.increment();
            return;
        }
        boolean encrypted = srtp;
        if (encrypted) {
            len = room.inbound().unprotectRtp(buf, 0, len);
            if (len < 0) {
                undecryptable.increment(); // sent before a switch of mode
                return;
            }
        }
        for (Subscriber s : room.subscribers()) {
            System.arraycopy(buf, 0, scratch, 0, len);
            int n = encrypted ? s.srtp().protectRtp(scratch, 0, len) : len;
            if (n < 0) {
                throw new IllegalStateException("SRTP protect failed: " + n);
            }
            sender.send(s.address(), scratch, 0, n);
            forwarded.increment();
        }
        sender.flush();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully();
    }
}
