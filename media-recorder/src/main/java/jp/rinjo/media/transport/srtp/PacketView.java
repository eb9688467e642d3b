package jp.rinjo.media.transport.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A window onto the caller's array, as jitsi-srtp wants it. It never reallocates: {@link SrtpSession}
 * checks the tail room before protecting, so a {@link #grow} or {@link #append} past the end of the
 * array is a bug in this package and fails loudly instead of silently moving the packet elsewhere.
 */
final class PacketView implements ByteArrayBuffer {
    private final byte[] buf;
    private int off;
    private int len;

    PacketView(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
    }

    @Override
    public byte[] getBuffer() {
        return buf;
    }

    @Override
    public int getOffset() {
        return off;
    }

    @Override
    public int getLength() {
        return len;
    }

    @Override
    public void setLength(int len) {
        if (len < 0 || off + len > buf.length) {
            throw new IllegalStateException("length " + len + " outside the buffer");
        }
        this.len = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off + len > buf.length) {
            throw new IllegalStateException("offset " + off + " outside the buffer");
        }
        this.off = off;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int regionOff, int regionLen, byte[] out) {
        System.arraycopy(buf, off + regionOff, out, 0, regionLen);
    }

    @Override
    public void grow(int howMuch) {
        if (off + len + howMuch > buf.length) {
            throw new IllegalStateException("no tail room for " + howMuch + " bytes");
        }
    }

    @Override
    public void append(byte[] data, int dataLen) {
        grow(dataLen);
        System.arraycopy(data, 0, buf, off + len, dataLen);
        len += dataLen;
    }

    @Override
    public void shrink(int howMuch) {
        if (howMuch < 0 || howMuch > len) {
            throw new IllegalStateException("cannot shrink " + len + " bytes by " + howMuch);
        }
        len -= howMuch;
    }
}
