package jp.rinjo.media.sdp;

import java.util.Objects;

/**
 * One {@code a=extmap:<id>[/<direction>] <uri>} (RFC 8285 §5). Ids 1–14 fit the one-byte header
 * form, 15–255 need the two-byte form (RFC 8285 §4.2–4.3).
 *
 * @param id        the local identifier the sender puts in the RTP header, 1–255
 * @param uri       the extension's URI
 * @param direction {@code sendonly}, {@code recvonly}, {@code sendrecv} or {@code inactive}; null when
 *                  absent (meaning sendrecv)
 */
public record HeaderExtension(int id, String uri, String direction) {
    /** RFC 8843: carries the m-section's mid in each packet, so BUNDLE demultiplexing works before SSRCs are known. */
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** Transport-wide sequence numbers for transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final String TRANSPORT_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public static final int MAX_ID = 255;
    public static final int MAX_ONE_BYTE_ID = 14;

    public HeaderExtension {
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("extmap id must be 1-" + MAX_ID + ", got " + id);
        }
        Objects.requireNonNull(uri, "uri");
        if (uri.isEmpty()) {
            throw new IllegalArgumentException("extmap uri must not be empty");
        }
    }
}
