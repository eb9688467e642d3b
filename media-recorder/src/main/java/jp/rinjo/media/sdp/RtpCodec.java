package jp.rinjo.media.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.rinjo.media.rtp.codec.Codec;

/**
 * One payload type of an m-section: its {@code a=rtpmap}, {@code a=fmtp} and {@code a=rtcp-fb}
 * lines (RFC 4566 §6, RFC 4585 §4.2).
 *
 * @param payloadType  dynamic or static RTP payload type, 0–127
 * @param name         encoding name as written, e.g. {@code H264}, {@code opus}
 * @param clockRate    RTP clock rate in Hz
 * @param channels     audio channels; 1 when the rtpmap does not say
 * @param fmtp         the raw {@code a=fmtp} parameters, or null
 * @param rtcpFeedback {@code a=rtcp-fb} values for this payload type, e.g. {@code nack pli}
 */
public record RtpCodec(int payloadType, String name, int clockRate, int channels, String fmtp,
                       List<String> rtcpFeedback) {

    public RtpCodec {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0-127, got " + payloadType);
        }
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("encoding name must not be empty");
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive, got " + clockRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        rtcpFeedback = List.copyOf(rtcpFeedback);
        // These values are written back into SDP lines: a CR or LF would inject lines.
        requireOneLine("name", name);
        requireOneLine("fmtp", fmtp);
        rtcpFeedback.forEach(fb -> requireOneLine("rtcp-fb", fb));
    }

    /**
     * The fmtp as parameters in written order, names lower-cased (RFC 6184 §8.1 and RFC 7587 §6.1
     * make them case-insensitive). A token without {@code =} (e.g. RED's {@code 111/111}, or
     * telephone-event's {@code 0-15}) maps to the empty string.
     */
    public Map<String, String> fmtpParameters() {
        if (fmtp == null || fmtp.isBlank()) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String token : fmtp.split(";")) {
            String t = token.trim();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq < 0) {
                params.putIfAbsent(t.toLowerCase(Locale.ROOT), "");
            } else {
                params.putIfAbsent(t.substring(0, eq).trim().toLowerCase(Locale.ROOT), t.substring(eq + 1).trim());
            }
        }
        return Collections.unmodifiableMap(params);
    }

    /**
     * The forwardable codec this payload type carries, if any. H.264 counts only with
     * packetization-mode=1 (RFC 6184 §6.3, non-interleaved: STAP-A and FU-A): mode 0 (one NAL unit
     * per packet, the default when absent) is what the forwarding and recording paths do not handle.
     */
    public Optional<Codec> rinjoCodec() {
        Codec codec = Codec.fromEncodingName(name);
        if (codec == Codec.H264 && !"1".equals(fmtpParameters().get("packetization-mode"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(codec);
    }

    /** True for payload types that repair or wrap another (RTX, RED, ULPFEC, FlexFEC), never media of their own. */
    public boolean isRepairCodec() {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "rtx", "red", "ulpfec", "flexfec-03", "flexfec" -> true;
            default -> false;
        };
    }

    private static void requireOneLine(String what, String value) {
        if (value != null && value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new IllegalArgumentException(what + " must not contain control characters");
        }
    }

    /** The value of an {@code a=rtpmap} line: {@code <name>/<clock rate>[/<channels>]}. */
    public String rtpmapValue() {
        return payloadType + " " + name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }
}
