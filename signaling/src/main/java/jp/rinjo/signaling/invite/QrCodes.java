package jp.rinjo.signaling.invite;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import io.nayuki.qrcodegen.QrCode;

/** QR codes of invitation links: a PNG for pages and mail, block characters for the terminal. */
public final class QrCodes {
    private static final int BORDER = 4;

    private QrCodes() {
    }

    public static byte[] png(String text, int scale) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = (qr.size + BORDER * 2) * scale;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean dark = qr.getModule(x / scale - BORDER, y / scale - BORDER);
                img.setRGB(x, y, dark ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Two modules per character cell (upper and lower half blocks), light-on-dark inverted so it
     * scans from a dark terminal too: dark modules are drawn as spaces on a white background.
     */
    public static String terminal(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.LOW);
        StringBuilder sb = new StringBuilder();
        int border = 2;
        for (int y = -border; y < qr.size + border; y += 2) {
            for (int x = -border; x < qr.size + border; x++) {
                boolean top = qr.getModule(x, y);
                boolean bottom = y + 1 < qr.size + border && qr.getModule(x, y + 1);
                sb.append(top ? (bottom ? ' ' : '▄') : (bottom ? '▀' : '█'));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
