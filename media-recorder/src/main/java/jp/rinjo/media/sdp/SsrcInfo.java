package jp.rinjo.media.sdp;

/**
 * What {@code a=ssrc:<ssrc> <attribute>} lines (RFC 5576 §4.1) say about one SSRC.
 *
 * @param ssrc  the 32-bit SSRC, 0–4294967295
 * @param cname the {@code cname} source attribute, or null
 * @param msid  the legacy {@code msid} source attribute ({@code "<stream> <track>"}), or null
 */
public record SsrcInfo(long ssrc, String cname, String msid) {
    public SsrcInfo {
        SsrcGroup.checkSsrc(ssrc);
    }
}
