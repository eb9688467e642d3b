/**
 * The segment file format of Rinjo recordings: one file per segment per track, holding packets
 * exactly as received, with receive times, gaps and interruptions; specified in {@code FORMAT.md}
 * beside this file. {@link jp.rinjo.media.recording.format.SegmentWriter} writes it,
 * {@link jp.rinjo.media.recording.format.SegmentReader} reads it as a stream and checks every rule,
 * {@link jp.rinjo.media.recording.format.SegmentRepair} completes a segment a crash left open.
 * Plain Java: no Netty, no store types.
 */
package jp.rinjo.media.recording.format;
