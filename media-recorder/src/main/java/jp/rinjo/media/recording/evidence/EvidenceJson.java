package jp.rinjo.media.recording.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.Sha256;

/**
 * The JSON shapes shared by the spool journal and the manifest (written with {@link CanonicalJson},
 * read with Jackson). Reading throws {@link IllegalArgumentException} naming the missing field.
 */
public final class EvidenceJson {
    private EvidenceJson() {
    }

    public static Map<String, Object> codec(CodecInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("clockRate", (long) c.clockRate());
        m.put("payloadType", (long) c.payloadType());
        m.put("channels", (long) c.channels());
        m.put("fmtp", c.fmtp());
        return m;
    }

    public static CodecInfo codec(JsonNode n) {
        return new CodecInfo(text(n, "name"), (int) number(n, "clockRate"), (int) number(n, "payloadType"),
                (int) number(n, "channels"), text(n, "fmtp"));
    }

    public static Map<String, Object> track(RecordedTrack t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.trackId());
        m.put("participant", t.participant());
        m.put("key", t.key());
        m.put("kind", t.kind());
        m.put("codec", codec(t.codec()));
        m.put("node", t.node());
        return m;
    }

    public static RecordedTrack track(JsonNode n) {
        return new RecordedTrack(text(n, "id"), text(n, "participant"), text(n, "key"), text(n, "kind"), codec(field(n, "codec")),
                text(n, "node"));
    }

    public static Map<String, Object> segment(RecordedSegment s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("track", s.trackId());
        m.put("sequence", s.sequence());
        m.put("size", s.size());
        m.put("sha256", s.sha256().hex());
        m.put("previousLink", s.previousLink().hex());
        m.put("link", s.link().hex());
        m.put("startWallMicros", s.startWallMicros());
        m.put("endWallMicros", s.endWallMicros());
        m.put("wallMonoOffsetMicros", s.wallMonoOffsetMicros());
        m.put("rtpPackets", s.rtpPackets());
        m.put("rtcpPackets", s.rtcpPackets());
        m.put("packetBytes", s.packetBytes());
        m.put("gaps", s.gaps().stream().map(EvidenceJson::gap).toList());
        m.put("interruptions", s.interruptions().stream().map(EvidenceJson::interruption).toList());
        m.put("endReason", s.endReason());
        m.put("codec", codec(s.codec()));
        m.put("node", s.node());
        return m;
    }

    public static RecordedSegment segment(JsonNode n) {
        List<SegmentRecord.Gap> gaps = new ArrayList<>();
        field(n, "gaps").forEach(g -> gaps.add(new SegmentRecord.Gap(number(g, "fromWallMicros"), number(g, "toWallMicros"),
                number(g, "packetsLost"), number(g, "bytesLost"), text(g, "reason"))));
        List<SegmentRecord.Interruption> interruptions = new ArrayList<>();
        field(n, "interruptions").forEach(i -> interruptions.add(new SegmentRecord.Interruption(number(i, "fromWallMicros"),
                number(i, "toWallMicros"), text(i, "reason"))));
        return new RecordedSegment(text(n, "track"), number(n, "sequence"), number(n, "size"), sha(n, "sha256"),
                sha(n, "previousLink"), sha(n, "link"), number(n, "startWallMicros"), number(n, "endWallMicros"),
                number(n, "wallMonoOffsetMicros"), number(n, "rtpPackets"), number(n, "rtcpPackets"), number(n, "packetBytes"),
                gaps, interruptions, text(n, "endReason"), codec(field(n, "codec")), text(n, "node"));
    }

    static Map<String, Object> gap(SegmentRecord.Gap g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fromWallMicros", g.fromWallMicros());
        m.put("toWallMicros", g.toWallMicros());
        m.put("packetsLost", g.packetsLost());
        m.put("bytesLost", g.bytesLost());
        m.put("reason", g.reason());
        return m;
    }

    static Map<String, Object> interruption(SegmentRecord.Interruption i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fromWallMicros", i.fromWallMicros());
        m.put("toWallMicros", i.toWallMicros());
        m.put("reason", i.reason());
        return m;
    }

    public static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return v;
    }

    public static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + name + "' is not a string");
        }
        return v.textValue();
    }

    public static long number(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + name + "' is not an integer");
        }
        return v.longValue();
    }

    public static Sha256 sha(JsonNode n, String name) {
        try {
            return new Sha256(text(n, name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + name + "' is not a SHA-256 hex value");
        }
    }
}
