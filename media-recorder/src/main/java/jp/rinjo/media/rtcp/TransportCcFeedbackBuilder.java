package jp.rinjo.media.rtcp;

import java.util.ArrayList;
import java.util.List;
import jp.rinjo.media.rtp.ArrivalRecorder;
import jp.rinjo.media.rtp.Bytes;

/**
 * Turns what an {@link ArrivalRecorder} saw into transport-cc feedback packets
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1), so the publisher's congestion
 * controller (Chrome's GCC) can estimate the uplink and ramp up.
 *
 * <p>Each packet covers a contiguous range of transport sequence numbers from the recorder's
 * pending start: reference time = arrival of the first packet reported as received, in 64 ms units
 * (24 bits, wrapping); receive deltas in 250 µs ticks from the previous received packet, 1 byte
 * when in [0, 255] ticks, else 2 bytes signed. Times are quantised to absolute 250 µs ticks, so
 * rounding never accumulates. A range is split into several packets when
 * <ul>
 *   <li>a delta does not fit 16 bits signed (±8.19 s): a new feedback with a new reference time
 *       starts at that packet (§3.1.5);</li>
 *   <li>the packet would exceed {@code maxPacketSize} bytes or
 *       {@value TransportCcFeedback#MAX_STATUS_COUNT} statuses;</li>
 *   <li>more than {@value #MAX_LOSS_RUN} consecutive numbers are missing (the sender jumped or
 *       restarted): the feedback ends before the gap and the gap is not reported.</li>
 * </ul>
 * Packets already reported as received that fall into a re-covered range (after a late arrival
 * rewound the recorder) are reported as "not received", as §3.1.1 requires.
 *
 * <p>Drive it from the transport's event loop: {@link #poll} with the current time every few tens
 * of milliseconds; it emits at most every {@code intervalMicros}. Not thread-safe.
 */
public final class TransportCcFeedbackBuilder {
    public static final int DEFAULT_MAX_PACKET_SIZE = 1200;
    public static final long DEFAULT_INTERVAL_MICROS = 50_000;
    public static final int MAX_LOSS_RUN = 1000;
    private static final int FIXED = 20;
    private static final int MAX_STATUS_COUNT = TransportCcFeedback.MAX_STATUS_COUNT;

    private final int senderSsrc;
    private final int mediaSsrc;
    private final ArrivalRecorder recorder;
    private final long intervalMicros;
    private final int maxPacketSize;
    private final StatusChunkEncoder chunks;
    private final byte[] deltas;
    private int feedbackCount;
    private long lastPollMicros = Long.MIN_VALUE;

    public TransportCcFeedbackBuilder(int senderSsrc, int mediaSsrc, ArrivalRecorder recorder) {
        this(senderSsrc, mediaSsrc, recorder, DEFAULT_INTERVAL_MICROS, DEFAULT_MAX_PACKET_SIZE);
    }

    public TransportCcFeedbackBuilder(int senderSsrc, int mediaSsrc, ArrivalRecorder recorder, long intervalMicros,
            int maxPacketSize) {
        if (maxPacketSize < 64) {
            throw new IllegalArgumentException("maxPacketSize too small: " + maxPacketSize);
        }
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.recorder = recorder;
        this.intervalMicros = intervalMicros;
        this.maxPacketSize = maxPacketSize;
        this.chunks = new StatusChunkEncoder(maxPacketSize / 2);
        this.deltas = new byte[maxPacketSize];
    }

    /** Feedback due at {@code nowMicros}: empty until {@code intervalMicros} passed since the last. */
    public List<byte[]> poll(long nowMicros) {
        if (lastPollMicros != Long.MIN_VALUE && nowMicros - lastPollMicros < intervalMicros) {
            return List.of();
        }
        lastPollMicros = nowMicros;
        return buildAll();
    }

    /** Every feedback packet needed to report all pending arrivals now (possibly none). */
    public List<byte[]> buildAll() {
        List<byte[]> out = new ArrayList<>(1);
        byte[] p;
        while ((p = buildOne()) != null) {
            out.add(p);
        }
        return out;
    }

    /** One feedback packet from the recorder's pending start, or null if nothing new to report. */
    public byte[] buildOne() {
        if (!recorder.hasPending()) {
            return null;
        }
        long start = recorder.pendingStart();
        long highest = recorder.highest();
        long first = nextUnreported(start, highest);
        if (first < 0) {
            recorder.markReported(start, highest + 1); // only losses / old news left: nothing to say
            return null;
        }
        if (first - start > MAX_LOSS_RUN) {
            recorder.markReported(start, first); // skip a huge gap unreported
            start = first;
        }
        long referenceTime = Math.floorDiv(recorder.arrivalMicros(first), TransportCcFeedback.REFERENCE_TIME_UNIT_MICROS);
        long previousTicks = referenceTime * (TransportCcFeedback.REFERENCE_TIME_UNIT_MICROS
                / TransportCcFeedback.DELTA_TICK_MICROS);
        chunks.reset();
        int deltaBytes = 0;
        long ext = start;
        while (ext <= highest && ext - start < MAX_STATUS_COUNT) {
            if (!recorder.receivedUnreported(ext)) {
                long next = nextUnreported(ext, highest);
                if (next < 0 || next - ext > MAX_LOSS_RUN) {
                    break; // trailing old news, or a gap to skip in the next feedback
                }
                while (ext < next && ext - start < MAX_STATUS_COUNT && fits(deltaBytes, 0)) {
                    chunks.add(TransportCcFeedback.NOT_RECEIVED);
                    ext++;
                }
                if (ext < next) {
                    break;
                }
                continue;
            }
            long ticks = Math.floorDiv(recorder.arrivalMicros(ext), TransportCcFeedback.DELTA_TICK_MICROS);
            long delta = ticks - previousTicks;
            int size = delta >= 0 && delta <= 255 ? 1 : delta >= Short.MIN_VALUE && delta <= Short.MAX_VALUE ? 2 : 0;
            if (size == 0 || !fits(deltaBytes, size)) {
                break; // delta too large (§3.1.5) or packet full: the next feedback starts here
            }
            chunks.add(size == 1 ? TransportCcFeedback.RECEIVED_SMALL_DELTA : TransportCcFeedback.RECEIVED_LARGE_DELTA);
            if (size == 1) {
                deltas[deltaBytes++] = (byte) delta;
            } else {
                Bytes.put16(deltas, deltaBytes, (int) delta);
                deltaBytes += 2;
            }
            previousTicks = ticks;
            ext++;
        }
        int count = (int) (ext - start);
        recorder.markReported(start, ext);
        return write(start, count, (int) referenceTime, deltaBytes);
    }

    /** Conservative: the next symbol adds at most one chunk besides the pending one. */
    private boolean fits(int deltaBytes, int extraDeltaBytes) {
        int worst = FIXED + 2 * (chunks.chunkCountIfFinished() + 1) + deltaBytes + extraDeltaBytes;
        return worst + 3 <= maxPacketSize;
    }

    private long nextUnreported(long from, long highest) {
        for (long ext = from; ext <= highest; ext++) {
            if (recorder.receivedUnreported(ext)) {
                return ext;
            }
        }
        return -1;
    }

    private byte[] write(long base, int count, int referenceTime, int deltaBytes) {
        int chunkCount = chunks.finish();
        int unpadded = FIXED + 2 * chunkCount + deltaBytes;
        int padding = (4 - unpadded % 4) % 4;
        byte[] b = new byte[unpadded + padding];
        RtcpHeader.write(b, 0, RtcpHeader.FMT_TRANSPORT_CC, RtcpHeader.RTPFB, b.length);
        if (padding > 0) {
            b[0] |= 0x20; // RFC 3550 §6.4.1 padding: last byte counts the padding octets
            b[b.length - 1] = (byte) padding;
        }
        Bytes.put32(b, 4, senderSsrc);
        Bytes.put32(b, 8, mediaSsrc);
        Bytes.put16(b, 12, (int) base);
        Bytes.put16(b, 14, count);
        Bytes.put24(b, 16, referenceTime);
        b[19] = (byte) feedbackCount;
        feedbackCount = (feedbackCount + 1) & 0xFF;
        int p = FIXED;
        for (int i = 0; i < chunkCount; i++, p += 2) {
            Bytes.put16(b, p, chunks.chunk(i));
        }
        System.arraycopy(deltas, 0, b, p, deltaBytes);
        return b;
    }
}
