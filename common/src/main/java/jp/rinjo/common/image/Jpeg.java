package jp.rinjo.common.image;

import java.util.Optional;

/**
 * What Rinjo needs to know of a JPEG file without decoding it: whether it is one (starts with the SOI
 * marker FFD8 and ends with EOI FFD9: a truncated upload is not), and its size in pixels from its frame
 * header (SOF), when that can be found.
 */
public final class Jpeg {
    private Jpeg() {
    }

    /** Width and height in pixels, as the frame header states them. */
    public record Size(int width, int height) {
    }

    /** Starts with SOI and ends with EOI (trailing padding zero bytes, which some encoders add, allowed). */
    public static boolean isJpeg(byte[] b) {
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return false;
        }
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        return (b[end - 2] & 0xff) == 0xFF && (b[end - 1] & 0xff) == 0xD9;
    }

    /**
     * The size the first frame header (SOF0–SOF15, not DHT, JPG or DAC) states; empty when the markers
     * before it cannot be walked.
     */
    public static Optional<Size> size(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                return Optional.empty();
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length
                i += 2;
                continue;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) {
                if (i + 9 > b.length) {
                    return Optional.empty();
                }
                int height = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int width = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return width > 0 && height > 0 ? Optional.of(new Size(width, height)) : Optional.empty();
            }
            if (marker == 0xDA || length < 2) { // scan data before any frame header: not a JPEG this reads
                return Optional.empty();
            }
            i += 2 + length;
        }
        return Optional.empty();
    }
}
