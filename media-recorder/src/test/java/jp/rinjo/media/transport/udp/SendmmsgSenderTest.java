package jp.rinjo.media.transport.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import jp.rinjo.media.node.MediaNode;

/** The native batch on a real epoll socket, received by plain JDK sockets. */
class SendmmsgSenderTest {
    private EventLoopGroup group;
    private Channel channel;
    private final List<DatagramChannel> receivers = new ArrayList<>();
    private final LongAdder refused = new LongAdder();
    private final LongAdder messages = new LongAdder();

    @BeforeEach
    void bind() throws Exception {
        assumeTrue(Epoll.isAvailable() && SendmmsgSender.isSupported(), "Linux epoll and JNA are needed");
        group = MediaNode.singleLoop("sendmmsg-test", true);
        channel = MediaNode.datagramBootstrap(group, true).handler(new ChannelInboundHandlerAdapter())
                .bind("0.0.0.0", 0).sync().channel();
    }

    @AfterEach
    void close() throws Exception {
        for (DatagramChannel r : receivers) {
            r.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void theMediaChannelGetsTheNativeSender() throws Exception {
        DatagramSender sender = onLoop(() -> DatagramSenders.forChannel(channel, refused, messages));
        assertThat(sender).isNotInstanceOf(NettyDatagramSender.class);
    }

    @Test
    void everyQueuedDatagramArrivesWholeAtItsOwnAddressInOneFlush() throws Exception {
        DatagramChannel a = receiver();
        DatagramChannel b = receiver();
        DatagramSender sender = onLoop(() -> DatagramSenders.forChannel(channel, refused, messages));
        byte[] scratch = new byte[1200];
        onLoop(() -> {
            // one scratch array rewritten between sends, as the forwarding path does
            for (int i = 0; i < 3; i++) {
                Arrays.fill(scratch, (byte) ('a' + i));
                sender.send(address(a), scratch, 0, 1100 + i);
                Arrays.fill(scratch, (byte) ('x' + i));
                sender.send(address(b), scratch, 10, 500 + i);
            }
            sender.flush();
            return null;
        });
        for (int i = 0; i < 3; i++) {
            assertThat(receive(a)).hasSize(1100 + i).containsOnly((byte) ('a' + i));
            assertThat(receive(b)).hasSize(500 + i).containsOnly((byte) ('x' + i));
        }
        assertThat(refused.sum()).isZero();
    }

    @Test
    void moreThanABatchIsSentInSeveralCalls() throws Exception {
        DatagramChannel a = receiver();
        DatagramSender sender = onLoop(() -> DatagramSenders.forChannel(channel, refused, messages));
        int count = SendmmsgSender.CAPACITY * 2 + 5;
        onLoop(() -> {
            for (int i = 0; i < count; i++) {
                byte[] b = {(byte) (i >> 8), (byte) i};
                sender.send(address(a), b, 0, 2);
            }
            sender.flush();
            return null;
        });
        for (int i = 0; i < count; i++) {
            byte[] got = receive(a);
            assertThat(((got[0] & 0xFF) << 8) | (got[1] & 0xFF)).isEqualTo(i);
        }
    }

    @Test
    void aDatagramTheKernelRefusesIsCountedAndTheOthersStillGo() throws Exception {
        DatagramChannel a = receiver();
        DatagramSender sender = onLoop(() -> DatagramSenders.forChannel(channel, refused, messages));
        // broadcast without SO_BROADCAST: the kernel refuses it (EACCES) in the middle of the batch
        InetSocketAddress broadcast = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9);
        onLoop(() -> {
            sender.send(address(a), new byte[] {1}, 0, 1);
            sender.send(broadcast, new byte[] {2}, 0, 1);
            sender.send(address(a), new byte[] {3}, 0, 1);
            sender.flush();
            return null;
        });
        assertThat(receive(a)).containsExactly(1);
        assertThat(receive(a)).containsExactly(3);
        assertThat(refused.sum()).isEqualTo(1);
    }

    @Test
    void nothingIsSentOnceTheChannelIsClosed() throws Exception {
        DatagramChannel a = receiver();
        DatagramSender sender = onLoop(() -> DatagramSenders.forChannel(channel, refused, messages));
        onLoop(() -> {
            sender.send(address(a), new byte[] {1}, 0, 1);
            channel.close();
            sender.flush();
            return null;
        });
        a.configureBlocking(false);
        assertThat(a.receive(ByteBuffer.allocate(10))).isNull();
        assertThat(refused.sum()).isEqualTo(1);
    }

    @Test
    void withTheNativeBatchSwitchedOffNettysPathSendsTheSame() throws Exception {
        DatagramChannel a = receiver();
        DatagramSender sender = withSwitchedOff(DatagramSenders.PROPERTY, () -> DatagramSenders.forChannel(channel, refused, messages));
        assertThat(sender).isInstanceOf(NettyDatagramSender.class);
        byte[] scratch = {7, 8, 9};
        onLoop(() -> {
            sender.send(address(a), scratch, 1, 2);
            scratch[1] = 0; // the bytes were copied at send
            sender.flush();
            return null;
        });
        assertThat(receive(a)).containsExactly(8, 9);
    }

    @Test
    void aFramesCopiesToOneAddressGoAsOneMessageAndArriveAsTheirOwnDatagrams() throws Exception {
        DatagramChannel a = receiver();
        DatagramChannel b = receiver();
        SendmmsgSender sender = onLoop(() -> SendmmsgSender.onSocket(fd(), refused, messages));
        assertThat(sender.segmenting()).as("UDP_SEGMENT on this kernel (Linux 4.18+)").isTrue();
        byte[] scratch = new byte[1200];
        onLoop(() -> {
            // a frame of 7 packets, the last shorter, fanned out to two subscribers as the engine does
            for (int i = 0; i < 7; i++) {
                Arrays.fill(scratch, (byte) i);
                sender.send(address(a), scratch, 0, i == 6 ? 900 : 1100);
                sender.send(address(b), scratch, 0, i == 6 ? 900 : 1100);
            }
            sender.flush();
            return null;
        });
        for (DatagramChannel r : List.of(a, b)) {
            for (int i = 0; i < 7; i++) {
                assertThat(receive(r)).hasSize(i == 6 ? 900 : 1100).containsOnly((byte) i);
            }
        }
        assertThat(messages.sum()).as("messages handed to the kernel").isEqualTo(2);
        assertThat(refused.sum()).isZero();
    }

    @Test
    void aLongerDatagramOrAnotherRunsLaterOneStartsANewMessageAndEachAddressKeepsItsOrder() throws Exception {
        DatagramChannel a = receiver();
        DatagramChannel b = receiver();
        SendmmsgSender sender = onLoop(() -> SendmmsgSender.onSocket(fd(), refused, messages));
        int[] sizesA = {1000, 1000, 800, 1000, 1200, 1200, 1500, 1500};
        byte[] scratch = new byte[1600];
        onLoop(() -> {
            for (int i = 0; i < sizesA.length; i++) {
                Arrays.fill(scratch, (byte) (10 + i));
                sender.send(address(a), scratch, 0, sizesA[i]);
                if (i % 3 == 0) {
                    Arrays.fill(scratch, (byte) (50 + i));
                    sender.send(address(b), scratch, 0, 300);
                }
            }
            sender.flush();
            return null;
        });
        for (int i = 0; i < sizesA.length; i++) {
            assertThat(receive(a)).hasSize(sizesA[i]).containsOnly((byte) (10 + i));
        }
        for (int i = 0; i < sizesA.length; i += 3) {
            assertThat(receive(b)).hasSize(300).containsOnly((byte) (50 + i));
        }
        // a: [1000 1000 800] [1000] [1200 1200] [1500] [1500] (over 1,400 bytes: never segmented); b: [300 300 300]
        assertThat(messages.sum()).isEqualTo(6);
    }

    @Test
    void moreThanARunsSegmentsToOneAddressGoInTwoMessages() throws Exception {
        DatagramChannel a = receiver();
        SendmmsgSender sender = onLoop(() -> SendmmsgSender.onSocket(fd(), refused, messages));
        int count = SendmmsgSender.MAX_SEGMENTS + 5;
        onLoop(() -> {
            for (int i = 0; i < count; i++) {
                sender.send(address(a), new byte[] {(byte) i, 0, 0, 0}, 0, 4);
            }
            sender.flush();
            return null;
        });
        for (int i = 0; i < count; i++) {
            assertThat(receive(a)[0]).isEqualTo((byte) i);
        }
        assertThat(messages.sum()).isEqualTo(2);
    }

    @Test
    void withSegmentationSwitchedOffEachDatagramIsAMessageOfItsOwn() throws Exception {
        DatagramChannel a = receiver();
        SendmmsgSender sender = withSwitchedOff(SendmmsgSender.GSO_PROPERTY, () -> SendmmsgSender.onSocket(fd(), refused, messages));
        assertThat(sender.segmenting()).isFalse();
        onLoop(() -> {
            for (int i = 0; i < 5; i++) {
                sender.send(address(a), new byte[] {(byte) i, 1, 2}, 0, 3);
            }
            sender.flush();
            return null;
        });
        for (int i = 0; i < 5; i++) {
            assertThat(receive(a)).containsExactly(i, 1, 2);
        }
        assertThat(messages.sum()).isEqualTo(5);
    }

    @Test
    void addressesAreEncodedForTheSocketsFamily() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 0x1234);
        byte[] in4 = SendmmsgSender.encode(v4, false);
        assertThat(in4).containsExactly(2, 0, 0x12, 0x34, (byte) 192, 0, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0);
        byte[] mapped = SendmmsgSender.encode(v4, true);
        assertThat(mapped).hasSize(28);
        assertThat(Arrays.copyOfRange(mapped, 0, 4)).containsExactly(10, 0, 0x12, 0x34);
        assertThat(Arrays.copyOfRange(mapped, 8, 24))
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 192, 0, 2, 7);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 443);
        assertThat(SendmmsgSender.encode(v6, false)).as("an IPv4 socket cannot reach IPv6").isNull();
        assertThat(SendmmsgSender.encode(InetSocketAddress.createUnresolved("example.org", 1), true)).isNull();
    }

    /** What {@code make} returns on the loop while {@code property} is {@code false}. */
    private <T> T withSwitchedOff(String property, Callable<T> make) throws Exception {
        System.setProperty(property, "false");
        try {
            return onLoop(make);
        } finally {
            System.clearProperty(property);
        }
    }

    private int fd() {
        return ((io.netty.channel.epoll.EpollDatagramChannel) channel).fd().intValue();
    }

    private DatagramChannel receiver() throws Exception {
        DatagramChannel r = DatagramChannel.open();
        r.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        r.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        receivers.add(r);
        return r;
    }

    private static InetSocketAddress address(DatagramChannel r) {
        try {
            return (InetSocketAddress) r.getLocalAddress();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One datagram, waiting at most 5 s (the blocking receive of a socket nobody else reads). */
    private static byte[] receive(DatagramChannel r) throws Exception {
        r.configureBlocking(true);
        r.socket().setSoTimeout(5000);
        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[4096], 4096);
        r.socket().receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    private <T> T onLoop(Callable<T> work) throws Exception {
        return channel.eventLoop().submit(work).get(5, TimeUnit.SECONDS);
    }
}
