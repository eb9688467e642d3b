package jp.rinjo.media.transport.udp;

import java.util.Objects;

/**
 * Tells which protocol a datagram on the single media UDP port belongs to, from its first one or
 * two bytes only.
 *
 * <p>The ranges are those of RFC 7983 §7 (which updates RFC 5764 §5.1.2): 0–3 STUN, 20–63 DTLS,
 * 128–191 RTP/RTCP. 16–19 (ZRTP) and 64–79 (TURN ChannelData) are valid on the wire but unused by
 * this node, so they are {@link PacketType#UNKNOWN}. RTP and RTCP share the port under rtcp-mux;
 * RFC 5761 §4 separates them by the second byte: RTCP packet types are 192–223, and RTP payload
 * types that would collide with them (64–95 with the marker bit set) must not be used.
 *
 * <p>Stateless and thread-safe.
 */
public final class PacketClassifier {

    /** What a datagram carries, as far as its first bytes tell. */
    public enum PacketType { STUN, DTLS, RTP, RTCP, UNKNOWN }

    private PacketClassifier() {
    }

    /** Classifies {@code buf[off, off + len)}; an empty datagram is {@link PacketType#UNKNOWN}. */
    public static PacketType classify(byte[] buf, int off, int len) {
        Objects.requireNonNull(buf, "buf");
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return PacketType.UNKNOWN;
        }
        int first = buf[off] & 0xFF;
        if (first <= 3) {
            return PacketType.STUN;
        }
        if (first >= 20 && first <= 63) {
            return PacketType.DTLS;
        }
        if (first >= 128 && first <= 191) {
            if (len < 2) {
                // A lone version byte is neither a valid RTP nor RTCP packet; do not guess.
                return PacketType.UNKNOWN;
            }
            int second = buf[off + 1] & 0xFF;
            return second >= 192 && second <= 223 ? PacketType.RTCP : PacketType.RTP;
        }
        return PacketType.UNKNOWN;
    }

    /** Classifies a whole array. */
    public static PacketType classify(byte[] datagram) {
        Objects.requireNonNull(datagram, "datagram");
        return classify(datagram, 0, datagram.length);
    }
}
