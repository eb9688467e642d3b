package jp.rinjo.media.transport.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import jp.rinjo.media.transport.ice.IceResult.Outcome;
import jp.rinjo.media.transport.stun.StunIntegrity;
import org.junit.jupiter.api.Test;

/** Whatever arrives on the port, the agent answers or drops; it never throws and never nominates on junk. */
class IceLiteAgentFuzzTest {

    @Test
    void mutatedChecksNeverThrowAndNeverNominate() {
        IceCredentials server = IceCredentials.generate();
        IceCredentials browserCreds = IceCredentials.generate();
        IceLiteAgent agent = new IceLiteAgent("fuzz", server, Duration.ofSeconds(30), 0);
        agent.setRemoteCredentials(browserCreds);
        FakeBrowser browser = new FakeBrowser(browserCreds, server);
        byte[] valid = browser.request(true);
        Random random = new Random(8445);
        Set<Outcome> seen = EnumSet.noneOf(Outcome.class);

        int fingerprintAt = valid.length - 8;
        for (int i = 0; i < 5_000; i++) {
            byte[] m = valid.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                m[random.nextInt(fingerprintAt)] ^= (byte) (1 + random.nextInt(255));
            }
            if (random.nextBoolean()) {
                // CRC-32 is no secret: a forger recomputes FINGERPRINT, leaving MESSAGE-INTEGRITY as the guard.
                int crc = StunIntegrity.computeFingerprint(m, 0, fingerprintAt);
                m[fingerprintAt + 4] = (byte) (crc >>> 24);
                m[fingerprintAt + 5] = (byte) (crc >>> 16);
                m[fingerprintAt + 6] = (byte) (crc >>> 8);
                m[fingerprintAt + 7] = (byte) crc;
            }
            IceResult result = agent.handle(m, 0, m.length, IceLiteAgentTest.PHONE, i);
            seen.add(result.outcome());
            // Everything before FINGERPRINT is covered by MESSAGE-INTEGRITY (and by FINGERPRINT), so
            // no altered datagram may pass as a valid nomination.
            assertThat(result.nominated()).as("mutation %d", i).isFalse();
        }
        assertThat(agent.selectedAddress()).isEmpty();
        assertThat(seen).contains(Outcome.DROPPED, Outcome.ERROR_RESPONSE);
    }

    @Test
    void alteredFingerprintAttributeIsDroppedOrIgnored() {
        IceCredentials server = IceCredentials.generate();
        IceLiteAgent agent = new IceLiteAgent("fuzz", server, Duration.ofSeconds(30), 0);
        byte[] valid = new FakeBrowser(IceCredentials.generate(), server).request(true);
        int fingerprintAt = valid.length - 8;
        for (int pos = fingerprintAt; pos < valid.length; pos++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] m = valid.clone();
                m[pos] ^= (byte) (1 << bit);
                IceResult result = agent.handle(m, 0, m.length, IceLiteAgentTest.PHONE, 0);
                if (pos < fingerprintAt + 2) {
                    // A changed type turns FINGERPRINT into some attribute after MESSAGE-INTEGRITY, which
                    // RFC 5389 §15.4 says to ignore: what remains is the intact, authenticated check.
                    assertThat(result.outcome()).isIn(Outcome.SUCCESS, Outcome.DROPPED);
                } else {
                    // A changed length breaks the framing; a changed CRC fails the check. Both: not STUN.
                    assertThat(result.outcome()).as("flip at %d bit %d", pos, bit).isEqualTo(Outcome.DROPPED);
                }
            }
        }
    }

    @Test
    void randomBytesAreDropped() {
        IceLiteAgent agent = IceLiteAgent.create("fuzz", 0);
        Random random = new Random(7983);
        for (int i = 0; i < 5_000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            IceResult result = agent.handle(junk, 0, junk.length, IceLiteAgentTest.PHONE, i);
            assertThat(result.outcome()).isEqualTo(Outcome.DROPPED);
        }
    }
}
