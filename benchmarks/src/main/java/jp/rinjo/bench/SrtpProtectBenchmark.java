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
        for (SrtpProfile profile : SrtpProfile.values()) {
            forged(profile, payload, 1); // JIT warm-up, not printed
            System.out.printf("%s: forged packets (random bytes, version 2) to one session: %s%n", profile, forged(profile, payload, seconds));
        }
    }

    /**
     * What garbage costs the receiving side: packets of random bytes with made-up SSRCs, and with
     * one repeated SSRC, as a flood from an address that passed ICE would bring.
     */
    static String forged(SrtpProfile profile, int payload, int seconds) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        java.util.Random random = new java.util.Random(1);
        random.nextBytes(material);
        StringBuilder out = new StringBuilder();
        for (boolean oneSsrc : new boolean[] {false, true}) {
            try (SrtpSession receiver = SrtpSession.forServer(SrtpKeyingMaterial.fromExporterOutput(profile, material))) {
                byte[][] pool = new byte[1024][RTP_HEADER + payload + profile.rtpOverhead()];
                for (byte[] p : pool) { // made up beforehand: Random.nextBytes would cost more than the packet
                    random.nextBytes(p);
                    p[0] = (byte) 0x80;
                    if (oneSsrc) {
                        p[8] = p[9] = p[10] = p[11] = 7;
                    }
                }
                byte[] packet = new byte[pool[0].length];
                long deadline = System.nanoTime() + seconds * 500_000_000L;
                long count = 0;
                long start = System.nanoTime();
                while (System.nanoTime() < deadline) {
                    for (int k = 0; k < 100; k++, count++) {
                        byte[] next = pool[(int) (count & 1023)];
                        System.arraycopy(next, 0, packet, 0, next.length);
                        if (!oneSsrc) {
                            packet[8] = (byte) count; // a new SSRC each time, not one of the pool's 1,024
                            packet[9] = (byte) (count >> 8);
                            packet[10] = (byte) (count >> 16);
                        }
                        if (receiver.unprotectRtp(packet, 0, packet.length) >= 0) {
                            throw new IllegalStateException("a forged packet authenticated");
                        }
                    }
                }
                out.append(String.format("%s %.2f µs each (%d contexts derived for %d packets)",
                        oneSsrc ? "; one repeated SSRC" : "made-up SSRCs",
                        (System.nanoTime() - start) / 1e3 / count, receiver.stats().streamsDerived(), count));
            }
        }
        return out.toString();
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
