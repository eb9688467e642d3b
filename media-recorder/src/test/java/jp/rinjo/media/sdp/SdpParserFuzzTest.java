package jp.rinjo.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Throws random, truncated and mutated browser SDPs at the parser and the publish negotiator: they
 * may accept or refuse, but only ever with an {@link SdpException} that is not the parser's
 * internal-error safety net. Seeds are fixed, so a failure reproduces; the message names the input.
 */
class SdpParserFuzzTest {
    private static final List<String> SAMPLES = new ArrayList<>();
    private static final String[] FRAGMENTS = {
        "=", ":", " ", "/", ";", "*", "-1", "0", "65536", "4294967296", "99999999999999999999", "\r", "\n", "\r\n",
        "\t", "\u0000", "é", "\uD800", "a=", "m=", "a=mid:", "a=group:BUNDLE ", "a=extmap:", "a=rtpmap:", "a=fmtp:",
        "a=ssrc:", "a=ssrc-group:FID", "a=rtcp-fb:*", "a=candidate:", "a=fingerprint:sha-256 ", "a=setup:",
        "a=ice-ufrag:", "a=ice-pwd:", "a=bundle-only", "a=inactive", "m=video 0 UDP/TLS/RTP/SAVPF 96",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=msid:", "a=simulcast:send", "sha-1", "H264/90000",
        "opus/48000/2", "packetization-mode=1", "profile-level-id=42e01f", "apt=", "x=", "v=0", "o=- 1 2 IN IP4 0.0.0.0",
    };

    static {
        for (String name : SdpSamples.OFFERS) {
            SAMPLES.add(SdpSamples.text(name));
        }
        SAMPLES.add(SdpSamples.text(SdpSamples.CHROME_SUBSCRIBE_ANSWER));
    }

    @Test
    void truncatedSamples() {
        Random random = new Random(1);
        for (String sample : SAMPLES) {
            for (int i = 0; i < 200; i++) {
                check(sample.substring(0, random.nextInt(sample.length() + 1)));
            }
        }
    }

    @Test
    void characterMutations() {
        Random random = new Random(2);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder(SAMPLES.get(random.nextInt(SAMPLES.size())));
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(4)) {
                    case 0 -> sb.setCharAt(at, (char) random.nextInt(128));
                    case 1 -> sb.deleteCharAt(at);
                    case 2 -> sb.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                    default -> sb.setCharAt(at, "0123456789:/ =;*-".charAt(random.nextInt(17)));
                }
            }
            check(sb.toString());
        }
    }

    @Test
    void lineMutations() {
        Random random = new Random(3);
        for (int i = 0; i < 2500; i++) {
            List<String> lines = new ArrayList<>(List.of(SAMPLES.get(random.nextInt(SAMPLES.size())).split("\r?\n")));
            int edits = 1 + random.nextInt(5);
            for (int e = 0; e < edits && !lines.isEmpty(); e++) {
                int at = random.nextInt(lines.size());
                switch (random.nextInt(5)) {
                    case 0 -> lines.remove(at);
                    case 1 -> lines.add(random.nextInt(lines.size() + 1), lines.get(at));
                    case 2 -> lines.set(at, lines.get(random.nextInt(lines.size())));
                    case 3 -> lines.set(at, lines.get(at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                    default -> lines.set(at, mutateField(lines.get(at), random));
                }
            }
            check(String.join(random.nextBoolean() ? "\r\n" : "\n", lines));
        }
    }

    @Test
    void randomGarbage() {
        Random random = new Random(4);
        expectAnswers = false; // garbage never makes a browser offer
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int parts = random.nextInt(40);
            for (int p = 0; p < parts; p++) {
                if (random.nextBoolean()) {
                    sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                } else {
                    sb.append((char) random.nextInt(0x3000));
                }
            }
            check((random.nextBoolean() ? "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n" : "") + sb);
        }
    }

    /** Replaces one space-separated field of a line by a boundary value. */
    private static String mutateField(String line, Random random) {
        String[] fields = line.split(" ", -1);
        fields[random.nextInt(fields.length)] = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
        return String.join(" ", fields);
    }

    private static final NodeTransport NODE = SdpSamples.nodeTransport();
    private int parsed;
    private int refused;
    private int answered;
    private boolean expectAnswers = true;

    @AfterEach
    void bothOutcomesOccurred() {
        // A fuzzer whose inputs all fail on line 1, or all pass, tests nothing.
        assertThat(parsed).as("inputs parsed").isPositive();
        assertThat(refused).as("inputs refused").isPositive();
        if (expectAnswers) {
            assertThat(answered).as("inputs answered").isPositive();
        }
    }

    /** Parses, and if that works, answers and re-parses the answer; any exception but SdpException fails. */
    private void check(String sdp) {
        SessionDescription description;
        try {
            description = SdpParser.parse(sdp);
            parsed++;
        } catch (SdpException e) {
            refused++;
            if (e.getMessage().contains(SdpParser.INTERNAL_ERROR)) {
                fail(e.getMessage() + " for input:\n" + sdp, e);
            }
            return;
        } catch (RuntimeException e) {
            fail("parser threw " + e + " for input:\n" + sdp, e);
            return;
        }
        try {
            PublishAnswer answer = PublishNegotiator.answer(description, NODE);
            SdpParser.parse(answer.sdp()).requireTransport();
            answered++;
        } catch (SdpException e) {
            if (e.getMessage().contains(SdpParser.INTERNAL_ERROR)) {
                fail(e.getMessage() + " for input:\n" + sdp, e);
            }
        } catch (RuntimeException e) {
            fail("negotiator threw " + e + " for input:\n" + sdp, e);
        }
    }
}
