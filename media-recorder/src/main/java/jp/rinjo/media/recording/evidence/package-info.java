/**
 * What makes a recording evidence (specified in {@code EVIDENCE.md} beside this file): the per-track
 * hash chain ({@link jp.rinjo.media.recording.evidence.SegmentMetadata},
 * {@link jp.rinjo.media.recording.evidence.ChainHead}), the canonical session
 * {@link jp.rinjo.media.recording.evidence.Manifest}, the deployment's Ed25519
 * {@link jp.rinjo.media.recording.evidence.DeploymentKey}, and RFC 3161 time-stamps
 * ({@link jp.rinjo.media.recording.evidence.TimestampClient},
 * {@link jp.rinjo.media.recording.evidence.TimestampCheck}).
 */
package jp.rinjo.media.recording.evidence;
