package jp.rinjo.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.ice.IceCredentials;

/** Collects the lines of one m-section and builds the {@link MediaSection}. */
final class MediaSectionBuilder {
    static final int MAX_MID_LENGTH = 64;

    final SdpLine mediaLine;
    private final String kind;
    private final int port;
    private final String protocol;
    private final List<Integer> payloadTypes = new ArrayList<>();
    private final List<String> formats;
    final LevelAttributes level = new LevelAttributes();
    String mid;
    private boolean rtcpMux;
    private boolean rtcpRsize;
    private boolean bundleOnly;
    private boolean simulcast;
    private String msid;
    private final Map<Integer, String[]> rtpmaps = new HashMap<>();
    private final Map<Integer, String> fmtps = new HashMap<>();
    private final Map<Integer, List<String>> feedback = new HashMap<>();
    private final List<String> wildcardFeedback = new ArrayList<>();
    private final Map<Long, String[]> ssrcs = new LinkedHashMap<>(); // ssrc -> {cname, msid}
    private final List<SsrcGroup> ssrcGroups = new ArrayList<>();
    private final List<String> candidates = new ArrayList<>();
    boolean extmapAllowMixed;

    /** {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} (RFC 8866 §5.14). */
    MediaSectionBuilder(SdpLine line) {
        this.mediaLine = line;
        String[] f = SdpLine.fields(line.value());
        if (f.length < 4) {
            throw line.error("m= line must be '<media> <port> <proto> <fmt> ...'");
        }
        kind = line.requireToken(f[0], 32, "media type");
        String portPart = f[1];
        int slash = portPart.indexOf('/');
        if (slash >= 0) {
            line.parseInt(portPart.substring(slash + 1), 1, 65535, "number of ports");
            portPart = portPart.substring(0, slash);
        }
        port = line.parseInt(portPart, 0, 65535, "port");
        protocol = f[2];
        for (String part : protocol.split("/", -1)) {
            line.requireToken(part, 32, "protocol part");
        }
        formats = List.of(f).subList(3, f.length);
        if (protocol.contains("RTP/")) {
            Set<Integer> seen = new LinkedHashSet<>();
            for (String fmt : formats) {
                if (!seen.add(line.parseInt(fmt, 0, 127, "RTP payload type"))) {
                    throw line.error("payload type " + fmt + " is listed twice");
                }
            }
            payloadTypes.addAll(seen);
        }
    }

    void attribute(SdpLine line) {
        String name = line.attributeName();
        if (level.accept(line, name)) {
            return;
        }
        switch (name) {
            case "mid" -> {
                if (mid != null) {
                    throw line.error("a=mid appears twice in one m-section");
                }
                mid = line.requireToken(line.requiredAttributeValue(), MAX_MID_LENGTH, "mid");
            }
            case "rtcp-mux" -> rtcpMux = true;
            case "rtcp-rsize" -> rtcpRsize = true;
            case "bundle-only" -> bundleOnly = true;
            case "extmap-allow-mixed" -> extmapAllowMixed = true;
            case "simulcast", "rid" -> {
                line.requiredAttributeValue();
                simulcast = true;
            }
            case "msid" -> {
                String value = line.requiredAttributeValue();
                if (msid == null) { // RFC 8830 §2 allows several; the first names the track's stream.
                    msid = value;
                }
            }
            case "rtpmap" -> rtpmap(line);
            case "fmtp" -> fmtp(line);
            case "rtcp-fb" -> rtcpFb(line);
            case "ssrc" -> ssrc(line);
            case "ssrc-group" -> ssrcGroup(line);
            case "candidate" -> candidate(line);
            default -> {
                // Unknown attributes are ignored (RFC 8866 §5.13).
            }
        }
    }

    /** {@code a=rtpmap:<pt> <encoding name>/<clock rate>[/<channels>]}. */
    private void rtpmap(SdpLine line) {
        String[] f = SdpLine.fields(line.requiredAttributeValue());
        if (f.length != 2) {
            throw line.error("a=rtpmap must be '<payload type> <name>/<clock rate>[/<channels>]'");
        }
        int pt = line.parseInt(f[0], 0, 127, "rtpmap payload type");
        String[] enc = f[1].split("/", -1);
        if (enc.length < 2 || enc.length > 3) {
            throw line.error("a=rtpmap encoding must be '<name>/<clock rate>[/<channels>]'");
        }
        line.requireToken(enc[0], 32, "encoding name");
        line.parseInt(enc[1], 1, 10_000_000, "clock rate");
        if (enc.length == 3) {
            line.parseInt(enc[2], 1, 255, "channels");
        }
        if (rtpmaps.putIfAbsent(pt, enc) != null) {
            throw line.error("a=rtpmap for payload type " + pt + " appears twice");
        }
    }

    /** {@code a=fmtp:<pt> <format specific parameters>}; kept raw, RtpCodec splits it. */
    private void fmtp(SdpLine line) {
        String v = line.requiredAttributeValue();
        int sp = v.indexOf(' ');
        String ptPart = sp < 0 ? v : v.substring(0, sp);
        int pt = line.parseInt(ptPart, 0, 127, "fmtp payload type");
        String params = sp < 0 ? "" : v.substring(sp + 1).strip();
        if (fmtps.putIfAbsent(pt, params) != null) {
            throw line.error("a=fmtp for payload type " + pt + " appears twice");
        }
    }

    /** {@code a=rtcp-fb:<pt|*> <type> [<parameter>]} (RFC 4585 §4.2); "*" applies to every payload type. */
    private void rtcpFb(SdpLine line) {
        String[] f = SdpLine.fields(line.requiredAttributeValue());
        if (f.length < 2) {
            throw line.error("a=rtcp-fb must be '<payload type> <feedback type> [<parameter>]'");
        }
        String fb = String.join(" ", List.of(f).subList(1, f.length));
        if (f[0].equals("*")) {
            wildcardFeedback.add(fb);
        } else {
            int pt = line.parseInt(f[0], 0, 127, "rtcp-fb payload type");
            List<String> list = feedback.computeIfAbsent(pt, k -> new ArrayList<>());
            if (!list.contains(fb)) {
                list.add(fb);
            }
        }
    }

    /** {@code a=ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576 §4.1); keeps cname and the legacy msid. */
    private void ssrc(SdpLine line) {
        String v = line.requiredAttributeValue();
        int sp = v.indexOf(' ');
        long ssrc = line.parseLong(sp < 0 ? v : v.substring(0, sp), 0, SsrcGroup.MAX_SSRC, "SSRC");
        String[] info = ssrcs.computeIfAbsent(ssrc, k -> new String[2]);
        if (sp < 0) {
            return;
        }
        String attr = v.substring(sp + 1).strip();
        int colon = attr.indexOf(':');
        String attrName = colon < 0 ? attr : attr.substring(0, colon);
        String attrValue = colon < 0 ? null : attr.substring(colon + 1).strip();
        if (attrValue == null || attrValue.isEmpty()) {
            return;
        }
        if (attrName.equals("cname") && info[0] == null) {
            info[0] = attrValue;
        } else if (attrName.equals("msid") && info[1] == null) {
            info[1] = attrValue;
        }
    }

    /** {@code a=ssrc-group:<semantics> <ssrc> ...} (RFC 5576 §4.2). */
    private void ssrcGroup(SdpLine line) {
        String[] f = SdpLine.fields(line.requiredAttributeValue());
        if (f.length < 2) {
            throw line.error("a=ssrc-group must be '<semantics> <ssrc> ...'");
        }
        String semantics = line.requireToken(f[0], 32, "ssrc-group semantics");
        List<Long> members = new ArrayList<>();
        for (int i = 1; i < f.length; i++) {
            members.add(line.parseLong(f[i], 0, SsrcGroup.MAX_SSRC, "SSRC"));
        }
        ssrcGroups.add(new SsrcGroup(semantics, members));
    }

    /**
     * {@code a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...}
     * (RFC 8839 §5.1). Only the shape is checked: an ICE-lite node never uses remote candidates,
     * it learns the browser's address from its checks.
     */
    private void candidate(SdpLine line) {
        String v = line.requiredAttributeValue();
        String[] f = SdpLine.fields(v);
        if (f.length < 8 || !f[6].equals("typ")) {
            throw line.error("a=candidate must be '<foundation> <component> <transport> <priority> <address> <port> typ <type>'");
        }
        candidates.add("candidate:" + v.strip());
    }

    MediaSection build(LevelAttributes session, Direction sessionDirection) {
        String ufrag = level.ufrag != null ? level.ufrag : session.ufrag;
        String pwd = level.pwd != null ? level.pwd : session.pwd;
        if ((ufrag == null) != (pwd == null)) {
            throw mediaLine.error("this m-section has " + (ufrag == null ? "a=ice-pwd but no a=ice-ufrag"
                    : "a=ice-ufrag but no a=ice-pwd") + " at session or media level (RFC 8839 §5.4)");
        }
        IceCredentials ice = ufrag == null ? null : new IceCredentials(ufrag, pwd);
        DtlsFingerprint fingerprint = level.fingerprint != null ? level.fingerprint : session.fingerprint;
        String setup = level.setup != null ? level.setup : session.setup;
        Direction direction = level.direction != null ? level.direction
                : sessionDirection != null ? sessionDirection : Direction.SENDRECV;

        List<HeaderExtension> extensions = new ArrayList<>(level.extensions);
        for (HeaderExtension e : session.extensions) { // RFC 8285 §5: session-level extmaps apply to every section
            if (extensions.stream().noneMatch(x -> x.id() == e.id())) {
                extensions.add(e);
            }
        }
        List<RtpCodec> codecs = new ArrayList<>();
        for (int pt : payloadTypes) {
            String[] enc = rtpmaps.get(pt);
            if (enc == null) {
                continue; // static payload type without rtpmap: nothing the node forwards
            }
            List<String> fb = new ArrayList<>(feedback.getOrDefault(pt, List.of()));
            wildcardFeedback.stream().filter(x -> !fb.contains(x)).forEach(fb::add);
            int channels = enc.length == 3 ? Integer.parseInt(enc[2]) : 1;
            codecs.add(new RtpCodec(pt, enc[0], Integer.parseInt(enc[1]), channels, fmtps.get(pt), fb));
        }
        List<SsrcInfo> ssrcInfos = new ArrayList<>();
        ssrcs.forEach((ssrc, info) -> ssrcInfos.add(new SsrcInfo(ssrc, info[0], info[1])));
        return new MediaSection(kind, port, protocol, payloadTypes, mid, direction, ice, fingerprint, setup,
                rtcpMux, codecs, extensions, ssrcInfos, ssrcGroups, msid, simulcast, candidates, rtcpRsize,
                bundleOnly, formats);
    }
}
