package jp.rinjo.media.recording;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jp.rinjo.media.recording.format.Sha256;

/**
 * A sealed session: its manifest, signature and (when configured) time-stamp are in the store with
 * all its segments.
 *
 * @param objectPrefix   where the session's objects are, e.g. {@code sessions/ses_…}
 * @param manifestSha256 SHA-256 of manifest.json (what the time-stamp covers)
 * @param chainHead      the session chain head stated in the manifest
 * @param timestampTime  the TSA's time, if time-stamped
 * @param problems       what went wrong while recording or sealing (empty when nothing did)
 */
public record SealResult(String sessionId, String objectPrefix, Sha256 manifestSha256, Sha256 chainHead, int tracks, int segments,
                         int gaps, Optional<Instant> timestampTime, List<String> problems) {
    public SealResult {
        problems = List.copyOf(problems);
    }
}
