package jp.rinjo.media.transport.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.jitsi.srtp.crypto.Aes;
import org.junit.jupiter.api.Test;

class AesImplementationTest {

    @Test
    void srtpCiphersAreTheJdksByDefault() throws Exception {
        // the same path the node takes: the first SrtpSession fixes the implementation
        SrtpSession.warmUp();

        assertThat(System.getProperty(AesImplementation.PROPERTY)).as("this test assumes the default").isNull();
        assertThat(Aes.createCipher("AES/GCM/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
        assertThat(Aes.createCipher("AES/CTR/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
    }
}
