package jp.rinjo.common.image;

/**
 * The EXIF orientation (tag 0x0112 in IFD0 of the APP1 "Exif" segment) of a JPEG file: a phone may store
 * the sensor's picture as it came and say here how to turn it. Browsers turn the full-size photo by it,
 * so a thumbnail made from the pixels must be turned the same way or it would show the photo on its side.
 *
 * <pre>
 * FFD8 · FFE1 len "Exif\0\0" · TIFF: "II"|"MM" 002A ifd0-offset · IFD0: count, count × [tag type n value] …
 * </pre>
 */
public final class ExifOrientation {
    /** As stored: nothing to turn. */
    public static final int NORMAL = 1;

    private ExifOrientation() {
    }

    /** 1–8 as EXIF defines them; {@link #NORMAL} when the file has none, or none this can read. */
    public static int of(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length && (b[i] & 0xff) == 0xFF) {
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) { // the scan: EXIF comes before it or not at all
                return NORMAL;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (length < 2) {
                return NORMAL;
            }
            if (marker == 0xE1 && length >= 8 && i + 10 <= b.length && b[i + 4] == 'E' && b[i + 5] == 'x' && b[i + 6] == 'i'
                    && b[i + 7] == 'f' && b[i + 8] == 0 && b[i + 9] == 0) {
                return fromTiff(b, i + 10, Math.min(b.length, i + 2 + length));
            }
            i += 2 + length;
        }
        return NORMAL;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return NORMAL;
        }
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return NORMAL;
        }
        if (u16(b, tiff + 2, little) != 42) {
            return NORMAL;
        }
        long ifd = tiff + u32(b, tiff + 4, little);
        if (ifd + 2 > end) {
            return NORMAL;
        }
        int count = u16(b, (int) ifd, little);
        for (int n = 0; n < count; n++) {
            int entry = (int) ifd + 2 + 12 * n;
            if (entry + 12 > end) {
                return NORMAL;
            }
            if (u16(b, entry, little) == 0x0112) {
                int type = u16(b, entry + 2, little);
                int value = type == 3 ? u16(b, entry + 8, little) : type == 4 ? (int) u32(b, entry + 8, little) : 0;
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int x = b[at] & 0xff;
        int y = b[at + 1] & 0xff;
        return little ? (y << 8) | x : (x << 8) | y;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long hi = u16(b, little ? at + 2 : at, little);
        long lo = u16(b, little ? at : at + 2, little);
        return (hi << 16) | lo;
    }
}
