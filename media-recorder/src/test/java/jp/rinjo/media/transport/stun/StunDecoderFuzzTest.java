package jp.rinjo.media.transport.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Garbage in, {@link StunParseException} or a usable message out: never another exception, from
 * the decoder, from any accessor of what it returns, or from {@link StunDecoder#peekUsername}.
 * Seeds are fixed so a failure reproduces.
 */
class StunDecoderFuzzTest {

    private static final int ROUNDS = 20_000;

    private final List<byte[]> seeds = List.of(
            Rfc5769VectorsTest.SAMPLE_REQUEST,
            Rfc5769VectorsTest.IPV4_RESPONSE,
            Rfc5769VectorsTest.IPV6_RESPONSE,
            Rfc5769VectorsTest.LONG_TERM_REQUEST,
            StunEncoder.bindingError(new byte[12], StunErrorCode.ROLE_CONFLICT, new byte[] {1}),
            StunMessageBuilder.bindingError(new byte[12]).errorCode(StunErrorCode.UNKNOWN_ATTRIBUTE)
                    .unknownAttributes(List.of(0x7f01, 0x1c)).fingerprint().build(),
            StunEncoder.bindingRequest(new byte[12], "abcd:efgh", 0x6e0001ffL, 42L, true, new byte[] {1}));

    @Test
    void randomBytesOnlyEverFailWithParseException() {
        Random random = new Random(0x5354554EL);
        int parsed = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] junk = new byte[random.nextInt(120)];
            random.nextBytes(junk);
            if (random.nextBoolean() && junk.length >= 20) {
                // Give the junk a plausible header so the attribute parser gets exercised too.
                junk[0] &= 0x3F;
                junk[2] = (byte) ((junk.length - 20) >>> 8);
                junk[3] = (byte) (junk.length - 20);
                junk[4] = 0x21;
                junk[5] = 0x12;
                junk[6] = (byte) 0xa4;
                junk[7] = 0x42;
            }
            parsed += exercise(junk) ? 1 : 0;
        }
        assertThat(parsed).as("some random messages should parse, or the header trick is broken").isPositive();
    }

    @Test
    void truncationsOfValidMessagesAreRejectedCleanly() {
        for (byte[] seed : seeds) {
            for (int len = 0; len < seed.length; len++) {
                byte[] cut = java.util.Arrays.copyOf(seed, len);
                assertThat(exercise(cut)).as("truncated to %d of %d bytes", len, seed.length).isFalse();
                // Truncated but with the length field patched to match: attribute parsing must cope.
                if (len >= 20) {
                    cut[2] = (byte) ((len - 20) >>> 8);
                    cut[3] = (byte) (len - 20);
                    exercise(cut);
                }
            }
        }
    }

    @Test
    void mutationsOfValidMessagesOnlyEverFailWithParseException() {
        Random random = new Random(5769);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] m = seeds.get(random.nextInt(seeds.size())).clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int pos = 20 + random.nextInt(m.length - 20); // keep the header, attack the attributes
                m[pos] = (byte) (random.nextBoolean() ? random.nextInt(256) : m[pos] ^ (1 << random.nextInt(8)));
            }
            exercise(m);
        }
    }

    /** Returns true if the bytes parsed; fails the test on any exception but StunParseException. */
    private static boolean exercise(byte[] datagram) {
        try {
            StunDecoder.peekUsername(datagram, 0, datagram.length);
            StunMessage m = StunDecoder.decode(datagram, 0, datagram.length);
            touchEverything(m);
            return true;
        } catch (StunParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return false;
        } catch (RuntimeException | Error e) {
            fail("decoder threw " + e + " for " + java.util.HexFormat.of().formatHex(datagram), e);
            return false;
        }
    }

    private static void touchEverything(StunMessage m) {
        List<Object> sink = new ArrayList<>();
        sink.add(m.type());
        sink.add(m.transactionId());
        sink.add(m.username());
        sink.add(m.software());
        sink.add(m.priority());
        sink.add(m.iceControlling());
        sink.add(m.iceControlled());
        sink.add(m.useCandidate());
        sink.add(m.xorMappedAddress().map(InetSocketAddress::getPort));
        sink.add(m.errorCode());
        sink.add(m.unknownAttributes());
        sink.add(m.unknownComprehensionRequired());
        sink.add(m.messageIntegrity());
        sink.add(m.fingerprint());
        sink.add(m.verifyMessageIntegrity(new byte[] {1}));
        sink.add(m.verifyFingerprint());
        sink.add(m.toString());
        assertThat(sink).hasSize(17);
    }
}
