package jp.rinjo.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;

/**
 * The attributes that may appear at session level and at media level alike, the media-level value
 * winning (RFC 8866 §5.13): ICE credentials, fingerprint, setup, direction, extmap.
 */
final class LevelAttributes {
    private static final Set<String> SUPPORTED_HASHES = Set.of("sha-256", "sha-384", "sha-512");
    private static final Set<String> SETUP_VALUES = Set.of("actpass", "active", "passive", "holdconn");

    SdpLine ufragLine;
    String ufrag;
    SdpLine pwdLine;
    String pwd;
    DtlsFingerprint fingerprint;
    String setup;
    Direction direction;
    final List<HeaderExtension> extensions = new ArrayList<>();

    /** Takes the attribute if it is one of these; false if it is not. */
    boolean accept(SdpLine line, String name) {
        switch (name) {
            case "ice-ufrag" -> {
                requireFirst(line, ufragLine);
                // RFC 8839 §5.4: ufrag 4-256 and pwd 22-256 ice-chars.
                ufrag = line.requireIceChars(line.requiredAttributeValue(), 4, 256, "ice-ufrag");
                ufragLine = line;
            }
            case "ice-pwd" -> {
                requireFirst(line, pwdLine);
                pwd = line.requireIceChars(line.requiredAttributeValue(), 22, 256, "ice-pwd");
                pwdLine = line;
            }
            case "fingerprint" -> fingerprint(line);
            case "setup" -> {
                String value = line.requiredAttributeValue().toLowerCase(Locale.ROOT);
                if (!SETUP_VALUES.contains(value)) {
                    throw line.error("a=setup must be actpass, active, passive or holdconn (RFC 4145 §4)");
                }
                if (setup != null) {
                    throw line.error("a=setup appears twice");
                }
                setup = value;
            }
            case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                if (direction != null) {
                    throw line.error("more than one direction attribute");
                }
                direction = Direction.fromSdpName(name);
            }
            case "extmap" -> extmap(line);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 8122 §5 allows several fingerprints; the first with a SHA-2 hash is kept, and one with
     * another hash (sha-1, md5) is skipped: DtlsFingerprint refuses those as too weak.
     */
    private void fingerprint(SdpLine line) {
        String value = line.requiredAttributeValue();
        String[] f = SdpLine.fields(value);
        if (f.length != 2) {
            throw line.error("a=fingerprint must be '<hash function> <hex:pairs>'");
        }
        if (!SUPPORTED_HASHES.contains(f[0].toLowerCase(Locale.ROOT)) || fingerprint != null) {
            return;
        }
        try {
            fingerprint = new DtlsFingerprint(f[0], f[1]);
        } catch (IllegalArgumentException e) {
            throw line.error("bad a=fingerprint: " + e.getMessage());
        }
    }

    /** {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]} (RFC 8285 §5). */
    private void extmap(SdpLine line) {
        String[] f = SdpLine.fields(line.requiredAttributeValue());
        if (f.length < 2) {
            throw line.error("a=extmap must be '<id>[/<direction>] <uri>'");
        }
        String idPart = f[0];
        String dir = null;
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            dir = idPart.substring(slash + 1);
            idPart = idPart.substring(0, slash);
            if (Direction.fromSdpName(dir) == null) {
                throw line.error("a=extmap direction must be sendrecv, sendonly, recvonly or inactive");
            }
        }
        int id = line.parseInt(idPart, 1, HeaderExtension.MAX_ID, "extmap id");
        for (HeaderExtension e : extensions) {
            if (e.id() == id) {
                throw line.error("extmap id " + id + " is used twice (RFC 8285 §5)");
            }
        }
        extensions.add(new HeaderExtension(id, f[1], dir));
    }

    private static void requireFirst(SdpLine line, SdpLine previous) {
        if (previous != null) {
            throw line.error("a=" + line.attributeName() + " appears twice (first on line " + previous.number() + ")");
        }
    }
}
