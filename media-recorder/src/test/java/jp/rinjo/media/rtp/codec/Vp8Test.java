package jp.rinjo.media.rtp.codec;

import static jp.rinjo.media.rtp.codec.H264Test.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Vp8Test {
    // VP8 key frame header: frame tag (P=0 in bit 0 of byte 0), start code, 640 x 480
    private static final int[] KEY_HEADER = {0x50, 0x42, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01};
    private static final int[] INTER_HEADER = {0x51, 0x42, 0x00, 0x11, 0x22};

    private static byte[] payload(int[] descriptor, int[] header) {
        int[] all = new int[descriptor.length + header.length];
        System.arraycopy(descriptor, 0, all, 0, descriptor.length);
        System.arraycopy(header, 0, all, descriptor.length, header.length);
        return bytes(all);
    }

    @Test
    void minimalDescriptorKeyframeWithDimensions() {
        byte[] p = payload(new int[] {0x10}, KEY_HEADER);
        assertThat(Vp8.descriptorLength(p, 0, p.length)).isEqualTo(1);
        assertThat(Vp8.isStartOfFrame(p, 0, p.length)).isTrue();
        assertThat(Vp8.isKeyframe(p, 0, p.length)).isTrue();
        assertThat(Vp8.keyframeDimensions(p, 0, p.length)).isEqualTo(new Vp8.Dimensions(640, 480, 0, 0));
        assertThat(Vp8.pictureId(p, 0, p.length)).isEqualTo(-1);
        assertThat(Vp8.tl0PicIdx(p, 0, p.length)).isEqualTo(-1);
        assertThat(Vp8.temporalLayer(p, 0, p.length)).isEqualTo(-1);
    }

    @Test
    void fullExtendedDescriptor() {
        // X S, then I L T K, 15-bit picture id 0x1234, TL0PICIDX 5, TID 2 / Y / KEYIDX 3
        byte[] p = payload(new int[] {0x90, 0xF0, 0x92, 0x34, 0x05, 0x83}, KEY_HEADER);
        assertThat(Vp8.descriptorLength(p, 0, p.length)).isEqualTo(6);
        assertThat(Vp8.pictureId(p, 0, p.length)).isEqualTo(0x1234);
        assertThat(Vp8.tl0PicIdx(p, 0, p.length)).isEqualTo(5);
        assertThat(Vp8.temporalLayer(p, 0, p.length)).isEqualTo(2);
        assertThat(Vp8.isKeyframe(p, 0, p.length)).isTrue();
        assertThat(Vp8.keyframeDimensions(p, 0, p.length).width()).isEqualTo(640);
    }

    @Test
    void sevenBitPictureIdAndKeyIdxOnly() {
        byte[] p = payload(new int[] {0x90, 0x90, 0x7F, 0x1F}, INTER_HEADER); // I + K, M=0
        assertThat(Vp8.descriptorLength(p, 0, p.length)).isEqualTo(4);
        assertThat(Vp8.pictureId(p, 0, p.length)).isEqualTo(0x7F);
        assertThat(Vp8.temporalLayer(p, 0, p.length)).isEqualTo(-1); // T not set
        assertThat(Vp8.isStartOfFrame(p, 0, p.length)).isTrue();
        assertThat(Vp8.isKeyframe(p, 0, p.length)).isFalse();
        assertThat(Vp8.keyframeDimensions(p, 0, p.length)).isNull();
    }

    @Test
    void continuationAndLaterPartitionsAreNotFrameStarts() {
        byte[] cont = payload(new int[] {0x00}, KEY_HEADER);      // S = 0
        byte[] part1 = payload(new int[] {0x11}, KEY_HEADER);     // S = 1, PID = 1
        assertThat(Vp8.isStartOfFrame(cont, 0, cont.length)).isFalse();
        assertThat(Vp8.isKeyframe(cont, 0, cont.length)).isFalse();
        assertThat(Vp8.isStartOfPartition(part1, 0, part1.length)).isTrue();
        assertThat(Vp8.partitionIndex(part1, 0, part1.length)).isEqualTo(1);
        assertThat(Vp8.isKeyframe(part1, 0, part1.length)).isFalse();
    }

    @Test
    void scaleBitsAndMissingStartCode() {
        int[] scaled = KEY_HEADER.clone();
        scaled[7] = 0x42; // width 0x4280: scale 1, width 640
        scaled[9] = 0xC1; // height scale 3
        byte[] p = payload(new int[] {0x10}, scaled);
        assertThat(Vp8.keyframeDimensions(p, 0, p.length)).isEqualTo(new Vp8.Dimensions(640, 480, 1, 3));
        byte[] bad = payload(new int[] {0x10}, KEY_HEADER);
        bad[4] = 0x00;
        assertThat(Vp8.keyframeDimensions(bad, 0, bad.length)).isNull();
        assertThat(Vp8.keyframeDimensions(p, 0, 8)).isNull(); // truncated
    }

    @Test
    void truncatedDescriptorsAreInvalid() {
        assertThat(Vp8.descriptorLength(bytes(0x90), 0, 1)).isEqualTo(-1);
        assertThat(Vp8.descriptorLength(bytes(0x90, 0x80), 0, 2)).isEqualTo(-1);
        assertThat(Vp8.descriptorLength(bytes(0x90, 0x80, 0x81), 0, 3)).isEqualTo(-1); // 15-bit id cut
        assertThat(Vp8.descriptorLength(bytes(0x10), 0, 1)).isEqualTo(-1); // no payload after it
        assertThat(Vp8.isKeyframe(bytes(0x10), 0, 1)).isFalse();
        assertThat(Vp8.isKeyframe(new byte[0], 0, 0)).isFalse();
    }

    @Test
    void randomPayloadsNeverThrow() {
        Random r = new Random(22);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[r.nextInt(16)];
            r.nextBytes(b);
            int len = r.nextInt(b.length + 1);
            Vp8.isKeyframe(b, 0, len);
            Vp8.keyframeDimensions(b, 0, len);
            Vp8.pictureId(b, 0, len);
            Vp8.tl0PicIdx(b, 0, len);
            Vp8.temporalLayer(b, 0, len);
            Vp8.partitionIndex(b, 0, len);
        }
    }
}
