package jp.rinjo.media.recording.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most a given number of bytes of the stream it wraps (one range of an object). */
final class RangeInputStream extends FilterInputStream {
    private long remaining;

    RangeInputStream(InputStream in, long length) {
        super(in);
        this.remaining = length;
    }

    static void check(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("a range needs offset ≥ 0 and length ≥ 0, was " + offset + "+" + length);
        }
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = super.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
