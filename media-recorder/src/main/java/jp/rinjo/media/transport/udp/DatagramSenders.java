package jp.rinjo.media.transport.udp;

import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDatagramChannel;

/** Picks how the media socket sends: {@code sendmmsg} straight from a native batch where it can, else Netty. */
public final class DatagramSenders {
    /** {@code -Drinjo.media.sendmmsg=false} sends through Netty's write path even where the native batch works. */
    public static final String PROPERTY = "rinjo.media.sendmmsg";
    private static final Logger log = LoggerFactory.getLogger(DatagramSenders.class);

    private DatagramSenders() {
    }

    /**
     * The sender for the media channel, once it is bound.
     *
     * @param refused  counts datagrams the kernel refused or had no room for (Netty's path queues those instead)
     * @param messages counts what is handed to the kernel natively: with segmentation offload one message
     *                 carries several datagrams (Netty's path counts nothing there)
     */
    public static DatagramSender forChannel(Channel channel, LongAdder refused, LongAdder messages) {
        if (channel instanceof EpollDatagramChannel epoll && Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
                && SendmmsgSender.isSupported()) {
            SendmmsgSender sender = SendmmsgSender.onSocket(epoll.fd().intValue(), refused, messages);
            if (sender != null) {
                log.info("media datagrams are sent with sendmmsg from a native batch");
                return new OpenChannelOnly(channel, sender);
            }
        }
        log.info("media datagrams are sent through Netty's write path");
        return new NettyDatagramSender(channel);
    }

    /**
     * Sends only while Netty's channel is open. Its descriptor number is the kernel's to give to the
     * next socket or file opened once it is closed; the check is exact because the channel closes on
     * the same event loop that sends.
     */
    private record OpenChannelOnly(Channel channel, SendmmsgSender sender) implements DatagramSender {
        @Override
        public void send(java.net.InetSocketAddress to, byte[] buf, int off, int len) {
            sender.send(to, buf, off, len);
        }

        @Override
        public void flush() {
            if (channel.isOpen()) {
                sender.flush();
            } else {
                sender.discard();
            }
        }
    }
}
