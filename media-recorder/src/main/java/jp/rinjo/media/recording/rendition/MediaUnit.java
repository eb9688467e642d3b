package jp.rinjo.media.recording.rendition;

/**
 * One unit a muxer writes: an H.264 access unit (Annex B), a VP8 frame or an Opus packet, with its
 * presentation time on the rendition's timeline.
 *
 * @param ptsMicros presentation time, µs since the rendition's start
 * @param keyframe  decoding can start here (always true for audio)
 */
record MediaUnit(long ptsMicros, byte[] data, boolean keyframe) {
}
