/**
 * Offline verification of an exported session: {@link jp.rinjo.media.recording.verify.Verifier}
 * returns a report of findings, each naming exactly what is wrong;
 * {@link jp.rinjo.media.recording.verify.VerifyMain} is the {@code verify} command (exit 0 when the
 * evidence verifies, 1 when not, 2 on usage errors).
 */
package jp.rinjo.media.recording.verify;
