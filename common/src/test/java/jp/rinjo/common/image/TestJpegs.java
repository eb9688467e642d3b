package jp.rinjo.common.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Real JPEG files for tests, encoded by the JDK: a picture of the given size with a stripe, so that two differ. */
public final class TestJpegs {
    private TestJpegs() {
    }

    public static byte[] of(int width, int height, int seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 90, 140));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color((seed * 53) & 0xff, 200, 80));
        g.fillRect(seed % Math.max(1, width / 2), 0, width / 4, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "jpg", out)) {
                throw new IllegalStateException("no JPEG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
