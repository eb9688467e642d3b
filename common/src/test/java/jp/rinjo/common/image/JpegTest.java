package jp.rinjo.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class JpegTest {
    @Test
    void aJpegIsRecognisedAndItsFrameHeaderGivesItsSize() {
        byte[] jpeg = TestJpegs.of(1280, 720, 1);
        assertThat(Jpeg.isJpeg(jpeg)).isTrue();
        assertThat(Jpeg.size(jpeg)).contains(new Jpeg.Size(1280, 720));
    }

    @Test
    void aTruncatedUploadOrAnotherFormatIsNotAJpeg() {
        byte[] jpeg = TestJpegs.of(64, 48, 2);
        assertThat(Jpeg.isJpeg(Arrays.copyOf(jpeg, jpeg.length - 10))).isFalse();
        assertThat(Jpeg.isJpeg("\u0089PNG\r\n\u001a\n....".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).isFalse();
        assertThat(Jpeg.isJpeg(new byte[] {(byte) 0xFF, (byte) 0xD8})).isFalse();
        assertThat(Jpeg.size(new byte[] {(byte) 0xFF, (byte) 0xD8, 0x12, 0x34})).isEmpty();
    }
}
