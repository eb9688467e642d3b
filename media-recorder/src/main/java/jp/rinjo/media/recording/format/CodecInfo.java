package jp.rinjo.media.recording.format;

import java.util.Objects;

/**
 * What a player needs to interpret a track's RTP payloads, as negotiated in SDP.
 *
 * @param name        encoding name as written in the rtpmap, e.g. {@code H264}, {@code opus}
 * @param clockRate   RTP clock rate in Hz
 * @param payloadType the publisher's payload type, 0–127
 * @param channels    audio channels (1 when the rtpmap does not say)
 * @param fmtp        the {@code a=fmtp} parameters as negotiated, or the empty string
 */
public record CodecInfo(String name, int clockRate, int payloadType, int channels, String fmtp) {
    public CodecInfo {
        Objects.requireNonNull(name, "name");
        fmtp = fmtp == null ? "" : fmtp;
        if (name.isEmpty() || clockRate <= 0 || payloadType < 0 || payloadType > 127 || channels < 1 || channels > 255) {
            throw new IllegalArgumentException("invalid codec " + name + "/" + clockRate + " pt " + payloadType + " ch " + channels);
        }
    }
}
