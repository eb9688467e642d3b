package jp.rinjo.signaling.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ControlRequestSignerTest {
    final ControlRequestSigner signer = new ControlRequestSigner("control-secret-for-tests",
            Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC), () -> "00112233445566778899aabbccddeeff");

    @Test
    void signsAsTheMediaNodeChecks() {
        // printf 'POST\n<path>\n1700000000\n<nonce>\n%s' "$(printf 'v=0\r\n' | sha256sum | cut -d' ' -f1)"
        //   | openssl dgst -sha256 -hmac control-secret-for-tests; media-recorder's RequestSignature gives the same
        HttpRequest request = signer.post(URI.create("http://10.0.0.5:8081/internal/v1/sessions/s1/participants/p1/publish"),
                "v=0\r\n").build();
        assertThat(request.headers().firstValue("X-Rinjo-Timestamp")).hasValue("1700000000");
        assertThat(request.headers().firstValue("X-Rinjo-Nonce")).hasValue("00112233445566778899aabbccddeeff");
        assertThat(request.headers().firstValue("Authorization"))
                .hasValue("Rinjo-HMAC-SHA256 07340e90e0c5a538242bfda6b0201fa0f7a7b36d9208821828b71bd7559d5e5f");
        assertThat(request.headers().map().toString()).doesNotContain("control-secret-for-tests");
    }

    @Test
    void twoEqualRequestsInTheSameSecondAreSignedDifferentlySoTheNodeDoesNotTakeTheSecondForAReplay() {
        ControlRequestSigner random = new ControlRequestSigner("control-secret-for-tests",
                Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
        URI joined = URI.create("http://n/internal/v1/sessions/s1/participants/p1/joined");
        assertThat(random.post(joined, null).build().headers().firstValue("Authorization"))
                .isNotEqualTo(random.post(joined, null).build().headers().firstValue("Authorization"));
    }
}
