package jp.rinjo.media.transport.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import jp.rinjo.media.transport.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

class DtlsConfigTest {

    @Test
    void defaultsPreferGcm() {
        DtlsConfig config = DtlsConfig.defaults();
        assertThat(config.srtpProfiles()).containsExactly(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxDatagramSize()).isEqualTo(1200);
    }

    @Test
    void invalidValuesAreRefused() {
        DtlsConfig d = DtlsConfig.defaults();
        assertThatThrownBy(() -> d.withSrtpProfiles(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_128_GCM)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> d.withHandshakeTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxDatagramSize(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withReceiveQueueCapacity(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverPreferenceDecidesTheProfile() {
        int[] chromeOffer = {0x0007, 0x0008, 0x0001, 0x0002}; // includes profiles this node does not support
        assertThat(SrtpTlsServer.choose(DtlsConfig.defaults().srtpProfiles(), chromeOffer))
                .contains(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpTlsServer.choose(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM),
                chromeOffer)).contains(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        assertThat(SrtpTlsServer.choose(List.of(SrtpProfile.AEAD_AES_128_GCM), new int[] {0x0001})).isEmpty();
    }
}
