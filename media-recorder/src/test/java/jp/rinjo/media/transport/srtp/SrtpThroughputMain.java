package jp.rinjo.media.transport.srtp;

import java.util.Random;

/**
 * A plain main, not a test: one thread protects 1200-byte RTP packets as a browser would and
 * unprotects them as the media node does, and prints protect+unprotect pairs per second for each
 * profile. Run with the test classpath:
 * {@code java -cp target/test-classes:target/classes:<deps> jp.rinjo.media.transport.srtp.SrtpThroughputMain [seconds]}
 */
public final class SrtpThroughputMain {
    private static final int PACKET = 1200;

    private SrtpThroughputMain() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long start = System.nanoTime();
        SrtpSession.warmUp();
        System.out.printf("warm-up (AES provider selection): %d ms%n", (System.nanoTime() - start) / 1_000_000);
        for (SrtpProfile profile : SrtpProfile.values()) {
            run(profile, 2, false); // JIT warm-up
            run(profile, seconds, true);
        }
    }

    private static void run(SrtpProfile profile, int seconds, boolean print) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(1).nextBytes(material);
        SrtpKeyingMaterial keys = SrtpKeyingMaterial.fromExporterOutput(profile, material);
        byte[] template = new byte[PACKET];
        new Random(2).nextBytes(template);
        template[0] = (byte) 0x80;
        template[1] = 96;
        template[8] = 0x11;
        byte[] buf = new byte[PACKET + profile.rtpOverhead()];

        try (SrtpSession browser = SrtpSession.forClient(keys); SrtpSession node = SrtpSession.forServer(keys)) {
            long pairs = 0;
            long failures = 0;
            int seq = 0;
            long begin = System.nanoTime();
            long end = begin + seconds * 1_000_000_000L;
            long now = begin;
            while (now < end) {
                for (int i = 0; i < 1000; i++) {
                    System.arraycopy(template, 0, buf, 0, PACKET);
                    buf[2] = (byte) (seq >> 8);
                    buf[3] = (byte) seq;
                    seq = (seq + 1) & 0xffff;
                    int n = browser.protectRtp(buf, 0, PACKET);
                    if (n < 0 || node.unprotectRtp(buf, 0, n) != PACKET) {
                        failures++;
                    }
                }
                pairs += 1000;
                now = System.nanoTime();
            }
            double perSecond = pairs / ((now - begin) / 1e9);
            if (print) {
                System.out.printf("%-24s %,10.0f protect+unprotect pairs/s  (%,.0f Mbit/s of 1200-byte packets, %.2f µs/pair, %d failures)%n",
                        profile, perSecond, perSecond * PACKET * 8 / 1e6, 1e6 / perSecond, failures);
            }
        }
    }
}
