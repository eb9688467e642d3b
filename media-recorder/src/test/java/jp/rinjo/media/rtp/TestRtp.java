package jp.rinjo.media.rtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Builds RTP packets byte by byte, independently of the code under test. */
public final class TestRtp {
    private boolean marker;
    private int pt = 96;
    private int seq;
    private int ts;
    private int ssrc = 0x11223344;
    private final List<Integer> csrcs = new ArrayList<>();
    private final List<int[]> oneByte = new ArrayList<>();
    private final List<int[]> twoByte = new ArrayList<>();
    private byte[] payload = new byte[0];
    private int padding;

    public static TestRtp packet() {
        return new TestRtp();
    }

    public TestRtp marker(boolean m) {
        marker = m;
        return this;
    }

    public TestRtp pt(int v) {
        pt = v;
        return this;
    }

    public TestRtp seq(int v) {
        seq = v;
        return this;
    }

    public TestRtp ts(int v) {
        ts = v;
        return this;
    }

    public TestRtp ssrc(int v) {
        ssrc = v;
        return this;
    }

    public TestRtp csrc(int v) {
        csrcs.add(v);
        return this;
    }

    /** One-byte-form element: id then data bytes. */
    public TestRtp ext1(int id, int... data) {
        int[] e = new int[data.length + 1];
        e[0] = id;
        System.arraycopy(data, 0, e, 1, data.length);
        oneByte.add(e);
        return this;
    }

    /** Two-byte-form element. */
    public TestRtp ext2(int id, int... data) {
        int[] e = new int[data.length + 1];
        e[0] = id;
        System.arraycopy(data, 0, e, 1, data.length);
        twoByte.add(e);
        return this;
    }

    public TestRtp payload(byte[] p) {
        payload = p.clone();
        return this;
    }

    public TestRtp payload(int... p) {
        payload = new byte[p.length];
        for (int i = 0; i < p.length; i++) {
            payload[i] = (byte) p[i];
        }
        return this;
    }

    public TestRtp padding(int n) {
        padding = n;
        return this;
    }

    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean x = !oneByte.isEmpty() || !twoByte.isEmpty();
        out.write(0x80 | (padding > 0 ? 0x20 : 0) | (x ? 0x10 : 0) | csrcs.size());
        out.write((marker ? 0x80 : 0) | pt);
        out.write(seq >>> 8);
        out.write(seq);
        write32(out, ts);
        write32(out, ssrc);
        for (int c : csrcs) {
            write32(out, c);
        }
        if (x) {
            ByteArrayOutputStream ext = new ByteArrayOutputStream();
            boolean two = !twoByte.isEmpty();
            for (int[] e : two ? twoByte : oneByte) {
                int n = e.length - 1;
                if (two) {
                    ext.write(e[0]);
                    ext.write(n);
                } else {
                    ext.write((e[0] << 4) | (n - 1));
                }
                for (int i = 1; i < e.length; i++) {
                    ext.write(e[i]);
                }
            }
            while (ext.size() % 4 != 0) {
                ext.write(0);
            }
            int profile = two ? 0x1000 : 0xBEDE;
            out.write(profile >>> 8);
            out.write(profile);
            out.write((ext.size() / 4) >>> 8);
            out.write(ext.size() / 4);
            out.writeBytes(ext.toByteArray());
        }
        out.writeBytes(payload);
        for (int i = 1; i < padding; i++) {
            out.write(0);
        }
        if (padding > 0) {
            out.write(padding);
        }
        return out.toByteArray();
    }

    private static void write32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
