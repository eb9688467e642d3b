package jp.rinjo.media.transport.stun;

import java.util.HexFormat;

/** Test helper: hex dumps as written in the RFCs (whitespace and line breaks ignored). */
final class StunTestBytes {

    private StunTestBytes() {
    }

    static byte[] hex(String dump) {
        return HexFormat.of().parseHex(dump.replaceAll("\\s+", ""));
    }
}
