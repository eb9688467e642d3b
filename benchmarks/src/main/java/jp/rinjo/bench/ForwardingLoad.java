package jp.rinjo.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The load the forwarding benchmarks put on a node or relay: rooms of one publisher and some
 * subscribers, each publisher sending 1,100-byte RTP payloads at {@code kbps}, for {@code seconds}
 * per measured mode. Shared so that {@code bench media} and {@code bench floor} measure the same
 * thing and can be set side by side.
 *
 * <p>Video leaves a browser as frames: at {@code fps} each publisher sends a frame's packets back to
 * back (libwebrtc's pacer lets a burst of up to 40 ms of its pacing budget go at once, which at 2.5×
 * the target rate holds a whole frame of a one-megabit 15 fps stream, about 8 packets). With
 * {@code fps} 0 the packets are spread evenly instead, one at a time: no real sender does that, and it
 * is the worst case for a forwarder's caches, since every packet then finds its subscribers' state
 * cold.
 *
 * <p>{@code gapMicros} spaces a frame's packets, as a real sender does: Chrome on the development VM
 * (fake camera, real encoder, about 0.3 Mbit/s; 2026-11-27) sent 877 video packets, of which 616 came
 * within 10 ms of the one before (the others started frames), 453 of those within 200 µs and 206 within
 * 50 µs. Back to back (0) is the burst at its tightest. The gap is spun on the peers' CPU, since a sleep
 * lasts far longer here; at 100 µs that CPU is nearly full at 60 rooms.
 */
record ForwardingLoad(int rooms, int subscribersPerRoom, int seconds, int kbps, int fps, int gapMicros) {
    static final int PACKET_PAYLOAD = 1100;
    /** Packets a second of a one-megabit stream of such packets: what "streams per core" counts. */
    private static final double ONE_MEGABIT_PACKETS = 1e6 / 8 / PACKET_PAYLOAD;

    /** The frame rate of {@code bench media} and {@code bench floor} unless told: the 640×480 at 15 fps. */
    static final int DEFAULT_FPS = 15;

    /**
     * Sends packet number {@code packet} of publisher {@code publisher}, part of its frame number
     * {@code frame} (whose RTP timestamp is {@code timestamp90k}); {@code lastOfFrame} marks its end.
     */
    @FunctionalInterface
    interface PacedSend {
        void send(int publisher, int packet, int frame, int timestamp90k, boolean lastOfFrame) throws Exception;
    }

    /**
     * From the command line: {@code [rooms] [subscribersPerRoom] [seconds=20] [kbps=1000] [fps=15, 0: packets evenly spread]
     * [gapMicros=0, between a frame's packets]}.
     */
    static ForwardingLoad fromArgs(String[] args, int defaultRooms, int defaultSubscribers) {
        return new ForwardingLoad(arg(args, 0, defaultRooms), arg(args, 1, defaultSubscribers), arg(args, 2, 20),
                arg(args, 3, 1000), arg(args, 4, DEFAULT_FPS), arg(args, 5, 0));
    }

    /** What the publishers send, for the benchmarks' first line. */
    String describeSending() {
        return fps > 0
                ? String.format("%d frames/s of about %.1f packets each, a frame's packets %s", framesPerSecond(),
                        packetsPerSecond() / (double) framesPerSecond(),
                        gapMicros > 0 ? gapMicros + " µs apart" : "back to back")
                : "packets evenly spread, one at a time (fps 0: the worst case for caches)";
    }

    /** Frames a second; with packets evenly spread, each packet is a frame of its own. */
    int framesPerSecond() {
        return fps > 0 ? Math.min(fps, packetsPerSecond()) : packetsPerSecond();
    }

    int packetsPerSecond() {
        return Math.max(1, kbps * 1000 / 8 / PACKET_PAYLOAD);
    }

    /** One-megabit streams one core could forward at this cost per forwarded packet. */
    static double streamsPerCore(double microsPerForwardedPacket) {
        return 1e6 / (microsPerForwardedPacket * ONE_MEGABIT_PACKETS);
    }

    /**
     * Paces {@code publishers} until {@code stopped}: a frame each {@code 1 / framesPerSecond()}, as
     * many packets as keep the average at {@link #packetsPerSecond()}. Publishers are spread evenly
     * over the frame interval, as independent phones would be: sending them all at the same instant
     * would measure a burst of the whole node queueing behind itself rather than what forwarding adds.
     */
    void pace(int publishers, BooleanSupplier stopped, PacedSend send) {
        int perSecond = packetsPerSecond();
        int frames = framesPerSecond();
        long intervalNanos = 1_000_000_000L / frames;
        long start = System.nanoTime();
        try {
            int packet = 0;
            for (int frame = 0; !stopped.getAsBoolean(); frame++) {
                long round = start + frame * intervalNanos;
                int inFrame = (int) ((frame + 1L) * perSecond / frames - (long) frame * perSecond / frames);
                int timestamp = (int) (frame * 90_000L / frames); // wraps, as RTP's does
                for (int i = 0; i < publishers; i++) {
                    long sleep = round + intervalNanos * i / publishers - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                    for (int k = 0; k < inFrame; k++) {
                        long sentAt = System.nanoTime();
                        send.send(i, packet + k, frame, timestamp, k == inFrame - 1);
                        if (gapMicros > 0 && k < inFrame - 1) {
                            // spun, not slept: a sleep here lasts far longer than the gap and the load falls short
                            long until = sentAt + gapMicros * 1000L;
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        }
                    }
                }
                packet += inFrame;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }
}
