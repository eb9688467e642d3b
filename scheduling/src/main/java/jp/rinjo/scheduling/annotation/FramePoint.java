package jp.rinjo.scheduling.annotation;

import jp.rinjo.common.error.Require;

/**
 * A point of the video's frame in ten-thousandths of its width and height, from the top-left corner:
 * integers, because the recording's manifest is canonical JSON (no floats), and a ten-thousandth is
 * finer than a pixel of a 4K frame.
 */
public record FramePoint(int x, int y) {
    public static final int SCALE = 10_000;

    public FramePoint {
        Require.that(x >= 0 && x <= SCALE && y >= 0 && y <= SCALE, "a frame point is within 0.." + SCALE);
    }

    /** From the protocol's fractions (0..1) of the frame. */
    public static FramePoint of(double x, double y) {
        return new FramePoint((int) Math.round(x * SCALE), (int) Math.round(y * SCALE));
    }
}
