package jp.rinjo.media.rtcp;

import java.util.List;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1, RTPFB FMT 15), decoded: one {@link PacketStatus} per sequence number from
 * {@code baseSequenceNumber} on, {@code packets.size()} being the packet status count.
 *
 * @param referenceTime       the raw 24-bit reference time, in units of 64 ms, of an arbitrary time
 *                            base chosen by the feedback's sender; it wraps every 2^24 × 64 ms
 *                            (about 12.4 days), so consumers unwrap it across feedbacks
 * @param feedbackPacketCount 8-bit counter of feedback packets, to detect lost feedback
 */
public record TransportCcFeedback(int senderSsrc, int mediaSsrc, int baseSequenceNumber, int referenceTime,
        int feedbackPacketCount, List<PacketStatus> packets) implements RtcpPacket {
    /** Status symbols (§3.1.1). */
    public static final int NOT_RECEIVED = 0;
    public static final int RECEIVED_SMALL_DELTA = 1;
    public static final int RECEIVED_LARGE_DELTA = 2;
    /** Microseconds per reference-time unit and per receive-delta tick. */
    public static final long REFERENCE_TIME_UNIT_MICROS = 64_000;
    public static final long DELTA_TICK_MICROS = 250;
    /**
     * Most statuses one feedback carries here: far more than 50 ms of any real stream, and a bound on
     * what decoding one packet may allocate (the 16-bit field would allow 65,535 from 20 bytes of chunks).
     */
    public static final int MAX_STATUS_COUNT = 2048;

    public TransportCcFeedback {
        packets = List.copyOf(packets);
    }

    @Override
    public int packetType() {
        return RtcpHeader.RTPFB;
    }

    /** Reference time in microseconds of the sender's (wrapping) time base. */
    public long referenceTimeMicros() {
        return referenceTime * REFERENCE_TIME_UNIT_MICROS;
    }

    /**
     * One packet's status.
     *
     * @param receiveTimeMicros for received packets: reference time + the sum of the receive
     *                          deltas so far, in µs (250 µs resolution); 0 for packets not received
     */
    public record PacketStatus(int sequenceNumber, int symbol, long receiveTimeMicros) {
        public boolean received() {
            return symbol != NOT_RECEIVED;
        }
    }
}
