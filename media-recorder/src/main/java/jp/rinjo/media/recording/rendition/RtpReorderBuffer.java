package jp.rinjo.media.recording.rendition;

import java.util.Map;
import java.util.TreeMap;

import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.rtp.SequenceNumberUnwrapper;

/**
 * Puts a recorded track's packets back in sequence order. A recording keeps packets as they
 * arrived — out of order, and twice when a NACKed packet was resent — so a depacketizer first needs
 * them in order, once. A window of a few hundred packets covers any retransmission that still
 * arrived in time to matter.
 */
final class RtpReorderBuffer {
    record Ordered(long extendedSeq, byte[] packet, long wallMicros) {
    }

    private final int window;
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private final TreeMap<Long, Ordered> pending = new TreeMap<>();
    private long lastEmitted = Long.MIN_VALUE;

    RtpReorderBuffer(int window) {
        this.window = window;
    }

    /** Adds a packet; returns the packets now due in order (possibly none). */
    java.util.List<Ordered> add(byte[] packet, long wallMicros) {
        long ext = unwrapper.unwrap(RtpPacket.sequenceNumber(packet, 0));
        if (ext > lastEmitted && !pending.containsKey(ext)) {
            pending.put(ext, new Ordered(ext, packet, wallMicros));
        }
        java.util.List<Ordered> out = new java.util.ArrayList<>();
        while (pending.size() > window) {
            out.add(emit(pending.pollFirstEntry()));
        }
        return out;
    }

    java.util.List<Ordered> drain() {
        java.util.List<Ordered> out = new java.util.ArrayList<>();
        while (!pending.isEmpty()) {
            out.add(emit(pending.pollFirstEntry()));
        }
        return out;
    }

    private Ordered emit(Map.Entry<Long, Ordered> e) {
        lastEmitted = e.getKey();
        return e.getValue();
    }
}
