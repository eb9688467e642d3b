package jp.rinjo.common.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * A small JPEG made from a photo for a strip of stills, with the JDK's own codec (no native library): at
 * most {@link #SIZE} pixels on its longest side, turned as the photo's EXIF orientation says (as browsers
 * show the original). It is a picture of the evidence, never evidence: nothing signs or stores it.
 *
 * <p>The photo is decoded subsampled (every n-th pixel of every n-th row, to about twice the size wanted)
 * and then halved smoothly: a 12-megapixel phone photo never becomes a 48 MB raster, and a file that
 * claims a huge size is refused before anything is decoded.
 */
public record Thumbnail(byte[] jpeg, int width, int height) {
    /** The longest side, in pixels: a strip item is about 160 CSS pixels wide, twice that for high-density screens. */
    public static final int SIZE = 320;
    /** Beyond this a file is not a phone's photo (the largest sensors are 200 MP, and their files exceed 10 MB). */
    static final long MAX_PIXELS = 120_000_000L;
    private static final float QUALITY = 0.8f;

    /** @throws RinjoException {@link ErrorCode#UNREADABLE_IMAGE} when the bytes are not a JPEG the JDK can decode */
    public static Thumbnail of(byte[] jpeg) {
        BufferedImage decoded;
        try {
            decoded = decode(jpeg);
        } catch (IOException | RuntimeException e) { // the JDK's decoder reports damage either way
            throw new RinjoException(ErrorCode.UNREADABLE_IMAGE, "the JPEG cannot be decoded: " + e.getMessage(), e);
        }
        BufferedImage small = turn(shrink(decoded), ExifOrientation.of(jpeg));
        return new Thumbnail(encode(small), small.getWidth(), small.getHeight());
    }

    private static BufferedImage decode(byte[] jpeg) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new IllegalStateException("no JPEG reader in this JDK");
        }
        ImageReader reader = readers.next();
        // in memory: ImageIO's own streams would spool through temporary files
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if ((long) w * h > MAX_PIXELS) {
                throw new IOException("it claims " + w + "×" + h + " pixels, more than a photo has");
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.max(w, h) / (2 * SIZE));
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage image = reader.read(0, param);
            if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                throw new IOException("no picture in it");
            }
            return image;
        } finally {
            reader.dispose();
        }
    }

    /** Halves smoothly while more than twice the size, then scales the rest of the way; never enlarges. */
    private static BufferedImage shrink(BufferedImage image) {
        BufferedImage current = rgb(image, image.getWidth(), image.getHeight());
        while (Math.max(current.getWidth(), current.getHeight()) > 2 * SIZE) {
            current = rgb(current, Math.max(1, current.getWidth() / 2), Math.max(1, current.getHeight() / 2));
        }
        int longest = Math.max(current.getWidth(), current.getHeight());
        if (longest <= SIZE) {
            return current;
        }
        double scale = (double) SIZE / longest;
        return rgb(current, Math.max(1, (int) Math.round(current.getWidth() * scale)),
                Math.max(1, (int) Math.round(current.getHeight() * scale)));
    }

    /** Drawn into plain RGB (a grey or YCCK decode becomes something the encoder takes) at the given size. */
    private static BufferedImage rgb(BufferedImage from, int width, int height) {
        if (from.getType() == BufferedImage.TYPE_INT_RGB && from.getWidth() == width && from.getHeight() == height) {
            return from;
        }
        BufferedImage to = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = to.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(from, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return to;
    }

    /** EXIF orientations 2–8: mirrored and/or turned by quarter turns (6: the top of the picture is on its right). */
    static BufferedImage turn(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w);
            default -> null;
        };
        if (t == null) {
            return image;
        }
        boolean sideways = orientation >= 5;
        BufferedImage to = new BufferedImage(sideways ? h : w, sideways ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = to.createGraphics();
        try {
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }
        return to;
    }

    private static byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), p);
        } catch (IOException e) {
            throw new IllegalStateException("encoding a thumbnail in memory failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
