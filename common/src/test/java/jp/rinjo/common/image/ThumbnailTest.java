package jp.rinjo.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * Thumbnails of phone photos: at most 320 px on the longest side with the photo's proportions, a JPEG
 * the JDK decodes again, turned as the EXIF orientation says; a small photo is not enlarged; a damaged
 * or absurd file is UNREADABLE_IMAGE, not an exception of another kind.
 */
class ThumbnailTest {

    @Test
    void aLandscapePhotoBecomes320PixelsWideWithItsProportions() throws Exception {
        Thumbnail t = Thumbnail.of(TestJpegs.of(4032, 3024, 3));
        assertThat(t.width()).isEqualTo(320);
        assertThat(t.height()).isEqualTo(240);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(t.jpeg()));
        assertThat(back.getWidth()).isEqualTo(320);
        assertThat(back.getHeight()).isEqualTo(240);
        assertThat(t.jpeg().length).isLessThan(40_000);
        assertThat(Jpeg.isJpeg(t.jpeg())).isTrue();
    }

    @Test
    void aPortraitPhotoBecomes320PixelsHigh() {
        Thumbnail t = Thumbnail.of(TestJpegs.of(1080, 1920, 4));
        assertThat(t.height()).isEqualTo(320);
        assertThat(t.width()).isEqualTo(180);
    }

    @Test
    void aSmallPhotoIsNotEnlarged() {
        Thumbnail t = Thumbnail.of(TestJpegs.of(200, 120, 5));
        assertThat(t.width()).isEqualTo(200);
        assertThat(t.height()).isEqualTo(120);
    }

    @Test
    void thePictureIsTurnedAsItsExifOrientationSaysAsABrowserShowsTheOriginal() throws Exception {
        // red on the left half, blue on the right; stored so that it is shown turned a quarter clockwise
        byte[] plain = halves(800, 400);
        assertThat(ExifOrientation.of(plain)).isEqualTo(ExifOrientation.NORMAL);
        for (boolean littleEndian : new boolean[] {true, false}) {
            byte[] turned = withOrientation(plain, 6, littleEndian);
            assertThat(ExifOrientation.of(turned)).isEqualTo(6);
            Thumbnail t = Thumbnail.of(turned);
            assertThat(t.width()).isEqualTo(160);
            assertThat(t.height()).isEqualTo(320);
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(t.jpeg()));
            assertThat(reddish(back.getRGB(80, 20))).as("the left (red) half is now on top").isTrue();
            assertThat(reddish(back.getRGB(80, 300))).as("the right (blue) half is now below").isFalse();
        }
        BufferedImage upsideDown = ImageIO.read(new ByteArrayInputStream(Thumbnail.of(withOrientation(plain, 3, true)).jpeg()));
        assertThat(upsideDown.getWidth()).isEqualTo(320);
        assertThat(reddish(upsideDown.getRGB(300, 80))).as("turned half round: red on the right").isTrue();
        BufferedImage anticlockwise = ImageIO.read(new ByteArrayInputStream(Thumbnail.of(withOrientation(plain, 8, true)).jpeg()));
        assertThat(anticlockwise.getHeight()).isEqualTo(320);
        assertThat(reddish(anticlockwise.getRGB(80, 300))).as("a quarter anticlockwise: red below").isTrue();
    }

    @Test
    void aDamagedFileIsUnreadableNotAnotherFailure() {
        byte[] good = TestJpegs.of(640, 480, 6);
        byte[] garbage = new byte[4000];
        new java.util.Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[garbage.length - 2] = (byte) 0xFF;
        garbage[garbage.length - 1] = (byte) 0xD9;
        byte[] headerOnly = Arrays.copyOf(good, 20);
        for (byte[] bad : new byte[][] {garbage, headerOnly, new byte[0], "not a picture".getBytes()}) {
            assertThatThrownBy(() -> Thumbnail.of(bad)).isInstanceOf(RinjoException.class)
                    .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.UNREADABLE_IMAGE));
        }
    }

    @Test
    void aFileClaimingAnAbsurdSizeIsRefusedBeforeItIsDecoded() {
        byte[] jpeg = TestJpegs.of(64, 48, 1);
        // the frame header's height and width, made 20000 × 20000 (400 megapixels: 1.6 GB decoded whole)
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xC0) {
                jpeg[i + 5] = jpeg[i + 7] = (byte) (20000 >> 8);
                jpeg[i + 6] = jpeg[i + 8] = (byte) (20000 & 0xff);
                break;
            }
        }
        assertThat(Jpeg.size(jpeg)).contains(new Jpeg.Size(20000, 20000));
        assertThatThrownBy(() -> Thumbnail.of(jpeg)).isInstanceOf(RinjoException.class).hasMessageContaining("20000×20000")
                .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.UNREADABLE_IMAGE));
    }

    private static boolean reddish(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() > 150 && c.getBlue() < 100;
    }

    private static byte[] halves(int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    /** The JPEG with an APP1 Exif segment right after SOI whose IFD0 holds the orientation only. */
    static byte[] withOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        if (littleEndian) {
            tiff.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0,
                0, 0, 0, 0});
        } else {
            tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
                0, 0, 0, 0});
        }
        byte[] body = tiff.toByteArray();
        int length = 2 + 6 + body.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length, 'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(body);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
