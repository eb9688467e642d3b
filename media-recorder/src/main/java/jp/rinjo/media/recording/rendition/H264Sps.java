package jp.rinjo.media.recording.rendition;

/**
 * Picture size from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1), enough for the
 * container's track header. Handles the high profiles' chroma fields, both POC types and cropping.
 */
final class H264Sps {
    record Size(int width, int height) {
    }

    private final byte[] rbsp;
    private int bit;

    private H264Sps(byte[] rbsp) {
        this.rbsp = rbsp;
    }

    /** @param nal the SPS NAL unit, header byte included */
    static Size size(byte[] nal) {
        try {
            H264Sps r = new H264Sps(unescape(nal));
            return r.parse();
        } catch (RuntimeException e) {
            return new Size(0, 0); // unknown: the container still plays, players read the stream
        }
    }

    private Size parse() {
        bits(8); // NAL header
        int profile = bits(8);
        bits(16); // constraint flags, level
        ue(); // seq_parameter_set_id
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139 || profile == 134) {
            int chroma = ue();
            if (chroma == 3) {
                bits(1);
            }
            ue();
            ue();
            bits(1);
            if (bits(1) == 1) { // scaling matrices present
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                    if (bits(1) == 1) {
                        skipScalingList(i < 6 ? 16 : 64);
                    }
                }
            }
        }
        ue(); // log2_max_frame_num_minus4
        int pocType = ue();
        if (pocType == 0) {
            ue();
        } else if (pocType == 1) {
            bits(1);
            se();
            se();
            int n = ue();
            for (int i = 0; i < n; i++) {
                se();
            }
        }
        ue(); // max_num_ref_frames
        bits(1);
        int widthMbs = ue() + 1;
        int heightUnits = ue() + 1;
        int frameMbsOnly = bits(1);
        if (frameMbsOnly == 0) {
            bits(1);
        }
        bits(1); // direct_8x8_inference
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (bits(1) == 1) {
            cropLeft = ue();
            cropRight = ue();
            cropTop = ue();
            cropBottom = ue();
        }
        int width = widthMbs * 16 - 2 * (cropLeft + cropRight);
        int height = (2 - frameMbsOnly) * heightUnits * 16 - 2 * (2 - frameMbsOnly) * (cropTop + cropBottom);
        return new Size(width, height);
    }

    private void skipScalingList(int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    private int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int b = (rbsp[bit >> 3] >> (7 - (bit & 7))) & 1;
            v = (v << 1) | b;
            bit++;
        }
        return v;
    }

    private int ue() {
        int zeros = 0;
        while (bits(1) == 0) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("bad Exp-Golomb code");
            }
        }
        return (1 << zeros) - 1 + (zeros == 0 ? 0 : bits(zeros));
    }

    private int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /** Removes emulation-prevention bytes (00 00 03 → 00 00). */
    static byte[] unescape(byte[] nal) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(nal.length);
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }
}
