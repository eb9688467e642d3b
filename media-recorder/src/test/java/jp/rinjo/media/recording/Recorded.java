package jp.rinjo.media.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jp.rinjo.media.recording.format.SegmentReader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentSummary;

/** Reads back what an exported session folder holds for a track, segment by segment. */
public final class Recorded {
    public final List<SegmentSummary> segments = new ArrayList<>();
    public final List<SegmentRecord> records = new ArrayList<>();

    public static Recorded track(Path folder, String trackId) throws IOException {
        Recorded r = new Recorded();
        Path dir = folder.resolve("tracks").resolve(trackId);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            // only segments: a put the recorder was killed in leaves its temporary file beside them
            files = s.filter(p -> p.getFileName().toString().matches("\\d+\\.seg"))
                    .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replace(".seg", "")))).toList();
        }
        for (Path f : files) {
            try (SegmentReader reader = SegmentReader.open(f)) {
                SegmentRecord rec;
                while ((rec = reader.next()) != null) {
                    r.records.add(rec);
                }
                r.segments.add(reader.summary());
            }
        }
        return r;
    }

    public List<byte[]> rtp() {
        return records.stream().filter(x -> x instanceof SegmentRecord.Packet p && !p.rtcp()).map(x -> ((SegmentRecord.Packet) x).bytes()).toList();
    }

    public List<byte[]> rtcp() {
        return records.stream().filter(x -> x instanceof SegmentRecord.Packet p && p.rtcp()).map(x -> ((SegmentRecord.Packet) x).bytes()).toList();
    }

    public <T extends SegmentRecord> List<T> of(Class<T> type) {
        return records.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
