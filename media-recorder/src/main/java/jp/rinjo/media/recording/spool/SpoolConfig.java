package jp.rinjo.media.recording.spool;

import java.nio.file.Path;
import java.time.Duration;

import jp.rinjo.common.error.Require;

/**
 * How segments are cut, buffered and spooled (keys {@code recording.*} in media-defaults.properties).
 *
 * @param dir                  the local spool directory
 * @param segmentDuration      a segment is closed after this long (about 2 s)
 * @param firstSegmentDuration a track's first segment is closed sooner, so "recording" shows early
 * @param segmentMaxBytes      a segment is closed before it grows past this
 * @param flushInterval        records reach the OS at least this often (what a killed process can lose)
 * @param queueMaxPackets      packets waiting for the writer thread before new ones become a GAP
 * @param queueMaxBytes        bytes waiting for the writer thread before new ones become a GAP
 * @param spoolMaxBytes        spooled bytes (closed, not yet uploaded) before new segments become a GAP
 * @param spoolMinFreeBytes    free disk space below which new segments become a GAP
 * @param uploadBackoffMax     longest wait between upload attempts while the store is down
 * @param sealedElsewhereCheck how often the store is asked whether a session this node holds, and is
 *                             not sealing itself, was sealed by another node it moved to (then this
 *                             node lets it go; see {@code SealedElsewhere})
 */
public record SpoolConfig(Path dir, Duration segmentDuration, Duration firstSegmentDuration, long segmentMaxBytes,
                          Duration flushInterval, int queueMaxPackets, long queueMaxBytes, long spoolMaxBytes,
                          long spoolMinFreeBytes, Duration uploadBackoffMax, Duration sealedElsewhereCheck) {
    public SpoolConfig {
        Require.nonNull(dir, "recording.spool-dir");
        Require.that(positive(segmentDuration) && segmentDuration.toSeconds() <= 60, "recording.segment-duration must be in (0, 60s]");
        Require.that(positive(firstSegmentDuration) && firstSegmentDuration.compareTo(segmentDuration) <= 0,
                "recording.first-segment-duration must be positive and at most recording.segment-duration");
        Require.that(segmentMaxBytes >= 64 * 1024, "recording.segment-max-bytes must be at least 64 KiB");
        Require.that(positive(flushInterval), "recording.flush-interval must be positive");
        Require.that(queueMaxPackets >= 100 && queueMaxBytes >= 1024 * 1024, "recording.queue-max-* too small");
        Require.that(spoolMaxBytes > segmentMaxBytes && spoolMinFreeBytes >= 0, "recording.spool-max-bytes too small");
        Require.that(positive(uploadBackoffMax), "recording.upload-backoff-max must be positive");
        Require.that(positive(sealedElsewhereCheck), "recording.sealed-elsewhere-check must be positive");
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /** Defaults for tests and the standalone: 2 s segments, 200 ms flushes. */
    public static SpoolConfig defaults(Path dir) {
        return new SpoolConfig(dir, Duration.ofSeconds(2), Duration.ofMillis(500), 4L * 1024 * 1024, Duration.ofMillis(200),
                20_000, 32L * 1024 * 1024, 10L * 1024 * 1024 * 1024, 512L * 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    public SpoolConfig withSegmentDuration(Duration first, Duration rest) {
        return new SpoolConfig(dir, rest, first, segmentMaxBytes, flushInterval, queueMaxPackets, queueMaxBytes, spoolMaxBytes,
                spoolMinFreeBytes, uploadBackoffMax, sealedElsewhereCheck);
    }

    public SpoolConfig withSegmentMaxBytes(long bytes) {
        return new SpoolConfig(dir, segmentDuration, firstSegmentDuration, bytes, flushInterval, queueMaxPackets, queueMaxBytes, spoolMaxBytes,
                spoolMinFreeBytes, uploadBackoffMax, sealedElsewhereCheck);
    }

    public SpoolConfig withQueue(int packets, long bytes) {
        return new SpoolConfig(dir, segmentDuration, firstSegmentDuration, segmentMaxBytes, flushInterval, packets, bytes, spoolMaxBytes,
                spoolMinFreeBytes, uploadBackoffMax, sealedElsewhereCheck);
    }

    public SpoolConfig withSpoolLimits(long maxBytes, long minFreeBytes) {
        return new SpoolConfig(dir, segmentDuration, firstSegmentDuration, segmentMaxBytes, flushInterval, queueMaxPackets, queueMaxBytes,
                maxBytes, minFreeBytes, uploadBackoffMax, sealedElsewhereCheck);
    }

    public SpoolConfig withUploadBackoffMax(Duration max) {
        return new SpoolConfig(dir, segmentDuration, firstSegmentDuration, segmentMaxBytes, flushInterval, queueMaxPackets, queueMaxBytes,
                spoolMaxBytes, spoolMinFreeBytes, max, sealedElsewhereCheck);
    }

    public SpoolConfig withSealedElsewhereCheck(Duration every) {
        return new SpoolConfig(dir, segmentDuration, firstSegmentDuration, segmentMaxBytes, flushInterval, queueMaxPackets, queueMaxBytes,
                spoolMaxBytes, spoolMinFreeBytes, uploadBackoffMax, every);
    }
}
