package jp.rinjo.archive.index;

import java.time.Instant;

/**
 * Where a recording's evidence is and what its manifest says about it.
 *
 * @param objectPrefix   the session's prefix in the evidence store ({@code contracts/{no}/sessions/{id}})
 * @param manifestSha256 SHA-256 of manifest.json when it was indexed: a manifest that later differs was replaced
 * @param signingKeyId   the key id the manifest names
 * @param sizeBytes      every object under the prefix (segments, manifest, signature, time-stamp, renditions)
 */
public record EvidenceInfo(String objectPrefix, String manifestSha256, String signingKeyId, boolean timestamped, Instant sealedAt,
                           long sizeBytes, int tracks, int segments, int gaps, int markers, int stills) {
    public EvidenceInfo {
        jp.rinjo.common.error.Require.text(objectPrefix, "objectPrefix", 400);
        jp.rinjo.common.error.Require.present(sealedAt, "sealedAt");
    }
}
