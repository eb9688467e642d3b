package jp.rinjo.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import jp.rinjo.media.node.MediaNode;

class ReadCoalescingTest {
    private static final long WINDOW = TimeUnit.MILLISECONDS.toNanos(2);

    @Test
    void afterAReadTheLoopWaitsTheWindowFromThatReadsEndAndCountsArrivalsFromThere() throws Exception {
        ReadCoalescing coalescing = new ReadCoalescing(WINDOW);
        long readEnd = System.nanoTime();
        coalescing.readEnded(readEnd);
        AtomicInteger looks = new AtomicInteger();
        long[] lookedAt = new long[1];

        int strategy = coalescing.calculateStrategy(() -> {
            looks.incrementAndGet();
            lookedAt[0] = System.nanoTime();
            return 3;
        }, false);

        assertThat(strategy).as("the ready count of the look after the wait").isEqualTo(3);
        assertThat(looks).hasValue(1);
        assertThat(lookedAt[0] - readEnd).as("looked only once the window had passed").isGreaterThanOrEqualTo(WINDOW);
        assertThat(coalescing.earliestArrivalNanos()).as("datagrams may have waited since the read before").isEqualTo(readEnd);
    }

    @Test
    void nothingArrivedInTheWindowSoTheLoopBlocksAndTheNextReadCountsFromItsOwnStart() throws Exception {
        ReadCoalescing coalescing = new ReadCoalescing(WINDOW);
        long readEnd = System.nanoTime();
        coalescing.readEnded(readEnd);

        assertThat(coalescing.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
        long before = System.nanoTime();
        assertThat(coalescing.earliestArrivalNanos()).isGreaterThanOrEqualTo(before);
        // and with no read since, the next look does not wait: it blocks in epoll straight away
        AtomicInteger looks = new AtomicInteger();
        assertThat(coalescing.calculateStrategy(() -> looks.incrementAndGet(), false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(looks).as("no look without a wait or a task").hasValue(0);
    }

    @Test
    void aQueuedTaskIsNeverHeldBackByTheWindow() throws Exception {
        ReadCoalescing coalescing = new ReadCoalescing(WINDOW);
        long readEnd = System.nanoTime();
        coalescing.readEnded(readEnd);
        long[] lookedAt = new long[1];

        int strategy = coalescing.calculateStrategy(() -> {
            lookedAt[0] = System.nanoTime();
            return 0;
        }, true);

        assertThat(strategy).as("Netty's own answer with tasks: look without blocking, then run them").isZero();
        assertThat(coalescing.earliestArrivalNanos()).as("no wait, so a read now counts from its own start")
                .isGreaterThan(readEnd).isGreaterThanOrEqualTo(lookedAt[0]);
    }

    @Test
    void aZeroWindowNeverWaits() throws Exception {
        ReadCoalescing coalescing = new ReadCoalescing(0);
        long readEnd = System.nanoTime();
        coalescing.readEnded(readEnd);
        AtomicInteger looks = new AtomicInteger();

        assertThat(coalescing.calculateStrategy(() -> looks.incrementAndGet(), false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(looks).hasValue(0);
        assertThat(coalescing.earliestArrivalNanos()).isGreaterThan(readEnd);
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThatThrownBy(() -> new ReadCoalescing(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    /**
     * Datagrams spaced as a browser's pacer spaces a frame's packets, on a real event loop: they are
     * read in a few gathered reads, not one read each.
     */
    @Test
    void pacedDatagramsOnARealLoopAreReadInGatheredReads() throws Exception {
        ReadCoalescing coalescing = new ReadCoalescing(WINDOW);
        EventLoopGroup group = MediaNode.singleLoop("coalescing-test", Epoll.isAvailable(), coalescing);
        int count = 40;
        AtomicInteger received = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        try {
            Channel channel = MediaNode.datagramBootstrap(group, Epoll.isAvailable()).handler(new ChannelInboundHandlerAdapter() {
                boolean read;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    io.netty.util.ReferenceCountUtil.release(msg);
                    read = true;
                    received.incrementAndGet();
                }

                @Override
                public void channelReadComplete(ChannelHandlerContext ctx) {
                    if (read) { // as the engine does: only a read that brought datagrams starts a window
                        read = false;
                        reads.incrementAndGet();
                        coalescing.readEnded(System.nanoTime());
                    }
                }
            }).bind("127.0.0.1", 0).sync().channel();
            InetSocketAddress to = (InetSocketAddress) channel.localAddress();
            long span;
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                DatagramPacket packet = new DatagramPacket(new byte[1000], 1000, to);
                // compiled code on both sides first: a cold first read takes milliseconds and gathers by itself
                for (int round = 1; round <= 200; round++) {
                    for (int i = 0; i < 10; i++) {
                        socket.send(packet);
                    }
                    awaitReceived(received, round * 10);
                }
                received.set(0);
                reads.set(0);
                long first = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    socket.send(packet);
                    spin(100_000L); // 100 µs after the send returned, as a pacer spaces a frame's packets
                }
                span = System.nanoTime() - first;
            }

            awaitReceived(received, count);
            // one read for the first datagram, then at most one per window the sending lasted
            long bound = 2 + span / WINDOW;
            assertThat(reads.get()).as("reads for %d datagrams sent over %d µs", count, span / 1000)
                    .isLessThanOrEqualTo((int) bound);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void awaitReceived(AtomicInteger received, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() < count) {
            assertThat(System.nanoTime()).as("%d of %d datagrams read within 10 s", received.get(), count).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
