package jp.rinjo.media.recording.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.TrackId;
import jp.rinjo.media.recording.SealResult;
import jp.rinjo.media.recording.StoreSealer;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.SegmentWriter;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.store.PutOptions;

/**
 * A session whose every time is the test's choice: one video track, its segments spanning the given
 * times (a packet every 100 ms) and stored as a media node stores them, then sealed from the store
 * ({@link StoreSealer}: the same manifest, signature and time-stamp as a node's seal) by a clock that
 * reads {@code sealedAt}. What a node whose clock said these times would leave behind.
 */
final class ClockedSession {
    private static final long PACKET_SPACING_MICROS = 100_000;

    /**
     * @param interruptedBefore the segment opens with an INTERRUPTION from the previous one's end, as the writer records a
     *                          republish; null for none
     */
    /**
     * @param interruptedBefore an INTERRUPTION from the previous segment's end to this one's start, with this reason
     * @param gapBefore         a GAP (received, not recorded) over this stretch before the segment's start
     */
    record Span(Instant from, Instant to, String interruptedBefore, Instant[] gapBefore) {
        Span(Instant from, Instant to) {
            this(from, to, null, null);
        }

        Span(Instant from, Instant to, String interruptedBefore) {
            this(from, to, interruptedBefore, null);
        }
    }

    record Sealed(Path folder, String trackId, SealResult result) {
        String segmentPath(long sequence) {
            return ObjectKeys.segmentPath(trackId, sequence);
        }
    }

    private ClockedSession() {
    }

    static Sealed seal(Path dir, DeploymentKey key, Optional<TimestampClient> tsa, Instant sealedAt, Span... spans) throws Exception {
        FilesystemEvidenceStore store = new FilesystemEvidenceStore(dir.resolve("store"));
        SessionId session = SessionId.random();
        ParticipantId contractor = ParticipantId.random();
        String track = TrackId.random().value();
        String prefix = ObjectKeys.sessionPrefix(session, Optional.empty());
        Path work = Files.createDirectories(dir.resolve("written"));
        SegmentHeader header = null;
        Sha256 link = Sha256.ZERO;
        long previousEnd = 0;
        for (int seq = 0; seq < spans.length; seq++) {
            Span s = spans[seq];
            long from = micros(s.from());
            long to = micros(s.to());
            header = header == null
                    ? new SegmentHeader(session.value(), track, contractor.value(), contractor.value() + "/video0/H264", "video",
                    new CodecInfo("H264", 90000, 102, 1, "packetization-mode=1"), 0, Sha256.ZERO, from, from * 1000, NodeId.random().value())
                    : header.next(link, from, from * 1000);
            Path file = work.resolve(seq + ".seg");
            SegmentSummary summary;
            try (SegmentWriter w = SegmentWriter.create(file, header)) {
                if (s.interruptedBefore() != null) {
                    w.interruption(new SegmentRecord.Interruption(previousEnd, from, s.interruptedBefore()));
                }
                if (s.gapBefore() != null) {
                    w.gap(new SegmentRecord.Gap(micros(s.gapBefore()[0]), micros(s.gapBefore()[1]), 3000, 3000 * 212, "spool full"));
                }
                byte[] p = new byte[212];
                p[0] = (byte) 0x80;
                p[1] = 102;
                for (long t = from; t < to; t += PACKET_SPACING_MICROS) {
                    w.packet(false, t, t * 1000, p, 0, p.length);
                }
                summary = w.finish(new SegmentRecord.End(to, to * 1000, seq == spans.length - 1 ? "sealed" : "rolled"));
                w.syncAndClose();
            }
            store.put(prefix + "/" + ObjectKeys.segmentPath(track, seq), file, summary.sha256(), PutOptions.of(PutOptions.SEGMENT_TYPE));
            link = RecordedSegment.of(summary).link();
            previousEnd = to;
        }
        StoreSealer sealer = new StoreSealer(store, key, tsa, Clock.fixed(sealedAt, ZoneOffset.UTC), "seal-from-store@test");
        SealResult r = sealer.seal(session, prefix, List.of(), Duration.ZERO, "test");
        return new Sealed(store.root().resolve(r.objectPrefix()), track, r);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
