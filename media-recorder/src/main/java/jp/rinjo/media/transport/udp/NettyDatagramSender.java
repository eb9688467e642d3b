package jp.rinjo.media.transport.udp;

import java.net.InetSocketAddress;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;

/** Sends through the channel's own write path: works on every transport (epoll, NIO). */
final class NettyDatagramSender implements DatagramSender {
    private final Channel channel;

    NettyDatagramSender(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void send(InetSocketAddress to, byte[] buf, int off, int len) {
        // a direct buffer, as the socket needs one anyway (Netty would copy a heap buffer the same way)
        ByteBuf copy = channel.alloc().directBuffer(len);
        copy.writeBytes(buf, off, len);
        channel.write(new DatagramPacket(copy, to), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }
}
