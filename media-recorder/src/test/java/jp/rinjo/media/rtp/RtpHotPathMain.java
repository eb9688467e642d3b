package jp.rinjo.media.rtp;

import java.util.Arrays;
import jp.rinjo.media.rtcp.TransportCcFeedbackBuilder;

/**
 * Rough ns/op figures for the RTP hot path (not a test, not JMH: a warmed-up loop, median of
 * rounds). Run after {@code mvn test-compile}:
 * <pre>
 * java -cp media-recorder/target/classes:media-recorder/target/test-classes jp.rinjo.media.rtp.RtpHotPathMain
 * </pre>
 */
public final class RtpHotPathMain {
    private static final int PACKETS = 1024;
    private static final int OPS = 2_000_000;
    private static final int ROUNDS = 9;
    private static long sink;

    public static void main(String[] args) {
        byte[][] packets = new byte[PACKETS][];
        for (int i = 0; i < PACKETS; i++) {
            // a Chrome-like video packet: abs-send-time (3), transport-cc (5), 1150 bytes of payload
            packets[i] = TestRtp.packet().pt(96).ssrc(0x1234).seq(i).ts(i / 4 * 3000)
                    .ext1(3, 0x01, 0x02, 0x03).ext1(5, i >>> 8 & 0xFF, i & 0xFF).payload(new byte[1150]).build();
        }
        System.out.printf("packet size %d bytes, %d ops per round, median of %d rounds%n",
                packets[0].length, OPS, ROUNDS);
        report("parse + transport-cc read + SSRC/seq/ts rewrite (in place)", () -> parseAndRewrite(packets));
        report("copy to subscriber buffer + parse + rewrite", () -> copyParseRewrite(packets));
        report("RetransmissionCache.put (1024 x 1500 B slots)", () -> cachePut(packets));
        report("ArrivalRecorder.record", RtpHotPathMain::arrivalRecord);
        report("ArrivalRecorder.record + transport-cc feedback every 100 pkts", RtpHotPathMain::arrivalAndFeedback);
        System.out.println("(checksum " + sink + ")");
    }

    private static void report(String name, Runnable round) {
        long[] ns = new long[ROUNDS];
        for (int warm = 0; warm < 3; warm++) {
            round.run();
        }
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            round.run();
            ns[r] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        System.out.printf("%-62s %7.1f ns/op%n", name, (double) ns[ROUNDS / 2] / OPS);
    }

    private static void parseAndRewrite(byte[][] packets) {
        StreamRewriter w = new StreamRewriter(0x5EED, 90_000, 1, 1);
        long acc = 0;
        for (int i = 0; i < OPS; i++) {
            byte[] p = packets[i & (PACKETS - 1)];
            // the "incoming" fields as the publisher sent them (the previous op rewrote them)
            RtpPacket.setSsrc(p, 0, 0x1234);
            RtpPacket.setSequenceNumber(p, 0, i);
            RtpPacket.setTimestamp(p, 0, i / 4 * 3000);
            if (!RtpPacket.isValid(p, 0, p.length)) {
                throw new AssertionError();
            }
            acc += RtpPacket.payloadType(p, 0) + RtpPacket.payloadLength(p, 0, p.length);
            acc += HeaderExtensions.transportSequenceNumber(p, 0, p.length, 5);
            if (w.rewrite(p, 0, p.length, i * 10L)) {
                acc += RtpPacket.sequenceNumber(p, 0);
            }
        }
        sink += acc;
    }

    private static void copyParseRewrite(byte[][] packets) {
        StreamRewriter w = new StreamRewriter(0x5EED, 90_000, 1, 1);
        byte[] out = new byte[1500];
        long acc = 0;
        for (int i = 0; i < OPS; i++) {
            byte[] p = packets[i & (PACKETS - 1)];
            RtpPacket.setSequenceNumber(p, 0, i);
            RtpPacket.setTimestamp(p, 0, i / 4 * 3000);
            System.arraycopy(p, 0, out, 0, p.length);
            if (RtpPacket.isValid(out, 0, p.length) && w.rewrite(out, 0, p.length, i * 10L)) {
                acc += RtpPacket.sequenceNumber(out, 0);
            }
        }
        sink += acc;
    }

    private static void cachePut(byte[][] packets) {
        RetransmissionCache c = new RetransmissionCache();
        long acc = 0;
        for (int i = 0; i < OPS; i++) {
            byte[] p = packets[i & (PACKETS - 1)];
            RtpPacket.setSequenceNumber(p, 0, i);
            acc += c.put(p, 0, p.length, i * 10L) ? 1 : 0;
        }
        sink += acc;
    }

    private static void arrivalRecord() {
        ArrivalRecorder r = new ArrivalRecorder();
        for (int i = 0; i < OPS; i++) {
            r.record(i, i * 300L);
            if ((i & 4095) == 4095) {
                r.markReported(r.pendingStart(), r.highest() + 1);
            }
        }
        sink += r.highest();
    }

    private static void arrivalAndFeedback() {
        ArrivalRecorder r = new ArrivalRecorder();
        TransportCcFeedbackBuilder b = new TransportCcFeedbackBuilder(1, 2, r);
        long bytes = 0;
        for (int i = 0; i < OPS; i++) {
            if (i % 23 != 0) { // ~4 % loss
                r.record(i, i * 300L + (i % 7) * 50);
            }
            if (i % 100 == 99) {
                for (byte[] fb : b.buildAll()) {
                    bytes += fb.length;
                }
            }
        }
        sink += bytes;
    }
}
