package jp.rinjo.bench;

import jp.rinjo.media.transport.srtp.SrtpKeyingMaterial;
import jp.rinjo.media.transport.srtp.SrtpProfile;
import jp.rinjo.media.transport.srtp.SrtpSession;

/**
 * What one SRTP protect costs the media node in a tight loop, with no sockets and nothing else
 * running: the share of the forwarding cost that is cryptography. The media benchmark's
 * per-packet figure is larger because there the cipher contexts of many subscribers compete for
 * the caches with the peers running on the same machine.
 *
 * <p>Usage: {@code SrtpProtectBenchmark [sessions=150] [payloadBytes=1100] [seconds=5]}
 */
public final class SrtpProtectBenchmark {
    private static final int RTP_HEADER = 12;

    private SrtpProtectBenchmark() {
    }

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SrtpSession.warmUp();
        for (SrtpProfile profile : SrtpProfile.values()) {
            measure(profile, sessions, payload, 1);           // JIT warm-up, not printed
            double micros = measure(profile, sessions, payload, seconds);
            System.out.printf("%s: %.2f µs per protect of a %d-byte RTP payload, keys of %d sessions in turn%n",
                    profile, micros, payload, sessions);
        }
    }

    /** µs per protect, measured for {@code seconds} (after as long again of warm-up by the caller, if wanted). */
    static double measure(SrtpProfile profile, int sessions, int payload, int seconds) {
        SrtpSession[] senders = new SrtpSession[sessions];
        for (int i = 0; i < sessions; i++) {
            byte[] material = new byte[profile.keyingMaterialLength()];
            material[0] = (byte) i;
            material[1] = (byte) (i >> 8);
            senders[i] = SrtpSession.forServer(SrtpKeyingMaterial.fromExporterOutput(profile, material));
        }
        int[] sequence = new int[sessions];
        byte[] plain = new byte[RTP_HEADER + payload + profile.rtpOverhead()];
        plain[0] = (byte) 0x80;
        plain[1] = 96;
        byte[] packet = new byte[plain.length];
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long count = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (int k = 0; k < 1000; k++, count++) {
                int s = (int) (count % sessions);
                int seq = sequence[s]++;
                System.arraycopy(plain, 0, packet, 0, plain.length);
                packet[2] = (byte) (seq >> 8);
                packet[3] = (byte) seq;
                if (senders[s].protectRtp(packet, 0, RTP_HEADER + payload) < 0) {
                    throw new IllegalStateException("protect failed for session " + s);
                }
            }
        }
        double micros = (System.nanoTime() - start) / 1e3 / count;
        for (SrtpSession s : senders) {
            s.close();
        }
        return micros;
    }
}
