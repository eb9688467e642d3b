/**
 * Codec-aware payload checks for forwarding without decoding: keyframe and frame-start detection
 * for H.264 (RFC 6184) and VP8 (RFC 7741), the parameters the recorder needs (H.264 SPS/PPS, VP8
 * frame size), and {@link jp.rinjo.media.rtp.codec.KeyframeGate} to start a subscriber at a
 * decodable packet.
 */
package jp.rinjo.media.rtp.codec;
