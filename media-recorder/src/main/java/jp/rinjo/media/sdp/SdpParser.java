package jp.rinjo.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.rinjo.media.transport.ice.IceCredentials;

/**
 * Parses the session descriptions browsers produce (RFC 8866 syntax, JSEP/RFC 8829 content) into
 * a {@link SessionDescription}. Input comes from the network, so: bounded (at most
 * {@value #MAX_LENGTH} characters, {@value #MAX_LINES} lines, {@value #MAX_MEDIA_SECTIONS}
 * m-sections), and every failure is an {@link SdpException} naming the line, never another exception.
 *
 * <p>Lenient where browsers differ harmlessly: {@code \r\n} or {@code \n}, blank lines, unknown
 * attributes (RFC 8866 §5.13), attribute order. Strict where a mistake would make the node
 * misbehave: malformed numbers, duplicate payload types, extmap ids or mids, BUNDLE naming an
 * unknown mid, an unknown line type (RFC 8866 §5: such a description must be ignored as a whole).
 */
public final class SdpParser {
    public static final int MAX_LENGTH = 64 * 1024;
    public static final int MAX_LINES = 2000;
    public static final int MAX_MEDIA_SECTIONS = 64;

    /** Line types of RFC 8866 §5 that the node does not need; they are skipped. */
    private static final String IGNORED_TYPES = "sicbtuepzrk";

    private final LevelAttributes session = new LevelAttributes();
    private final List<MediaSectionBuilder> media = new ArrayList<>();
    private String origin;
    private List<String> bundleMids = List.of();
    private SdpLine bundleLine;
    private boolean iceLite;
    private boolean extmapAllowMixed;
    private SdpLine current;

    private SdpParser() {
    }

    /**
     * Parses a description.
     *
     * @throws SdpException if it is malformed, too large, or inconsistent (see the class comment)
     */
    public static SessionDescription parse(String sdp) {
        if (sdp == null) {
            throw new SdpException("SDP is null");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpException("SDP is " + sdp.length() + " characters, more than the limit of " + MAX_LENGTH);
        }
        SdpParser parser = new SdpParser();
        try {
            return parser.run(split(sdp));
        } catch (SdpException e) {
            throw e;
        } catch (RuntimeException e) {
            // A bug in this parser must still not leak an unexpected exception type to the caller.
            SdpLine at = parser.current;
            SdpException wrapped = at == null ? new SdpException(INTERNAL_ERROR + e)
                    : new SdpException(INTERNAL_ERROR + e, at.number(), at.text());
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    static final String INTERNAL_ERROR = "internal SDP parser error: ";

    /** Splits into lines on LF with an optional CR before it; blank lines are dropped, numbers kept. */
    private static List<SdpLine> split(String sdp) {
        List<SdpLine> lines = new ArrayList<>();
        int number = 0;
        int start = 0;
        while (start < sdp.length()) {
            int nl = sdp.indexOf('\n', start);
            int end = nl < 0 ? sdp.length() : nl;
            number++;
            if (number > MAX_LINES) {
                throw new SdpException("SDP has more than " + MAX_LINES + " lines");
            }
            String text = sdp.substring(start, end > start && sdp.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            if (text.isBlank()) {
                continue;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    throw new SdpException("control character 0x" + Integer.toHexString(c) + " in line", number, text);
                }
            }
            if (text.length() < 2 || text.charAt(1) != '=' || text.charAt(0) < 'a' || text.charAt(0) > 'z') {
                throw new SdpException("line is not '<type>=<value>' with a lower-case letter type", number, text);
            }
            lines.add(new SdpLine(number, text));
        }
        if (lines.isEmpty()) {
            throw new SdpException("SDP is empty");
        }
        return lines;
    }

    private SessionDescription run(List<SdpLine> lines) {
        SdpLine first = lines.get(0);
        current = first;
        if (first.type() != 'v' || !first.value().strip().equals("0")) {
            throw first.error("an SDP must start with v=0 (RFC 8866 §5.1)");
        }
        for (int i = 1; i < lines.size(); i++) {
            SdpLine line = lines.get(i);
            current = line;
            MediaSectionBuilder section = media.isEmpty() ? null : media.get(media.size() - 1);
            switch (line.type()) {
                case 'm' -> {
                    if (media.size() == MAX_MEDIA_SECTIONS) {
                        throw line.error("more than " + MAX_MEDIA_SECTIONS + " m-sections");
                    }
                    media.add(new MediaSectionBuilder(line));
                }
                case 'a' -> {
                    if (section == null) {
                        sessionAttribute(line);
                    } else {
                        section.attribute(line);
                    }
                }
                case 'o' -> origin(line, section);
                case 'v' -> throw line.error("v= may only be the first line");
                default -> {
                    if (IGNORED_TYPES.indexOf(line.type()) < 0) {
                        throw line.error("unknown line type '" + line.type() + "' (RFC 8866 §5)");
                    }
                }
            }
        }
        current = null;
        if (origin == null) {
            throw new SdpException("SDP has no o= line (RFC 8866 §5.2)");
        }
        return build();
    }

    private void origin(SdpLine line, MediaSectionBuilder section) {
        if (section != null || origin != null) {
            throw line.error("o= must appear once, at session level");
        }
        // RFC 8866 §5.2: <username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
        if (SdpLine.fields(line.value()).length != 6) {
            throw line.error("o= must have 6 fields: <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
        }
        origin = line.value().strip();
    }

    private void sessionAttribute(SdpLine line) {
        String name = line.attributeName();
        if (session.accept(line, name)) {
            return;
        }
        switch (name) {
            case "ice-lite" -> iceLite = true;
            case "extmap-allow-mixed" -> extmapAllowMixed = true;
            case "group" -> group(line);
            default -> {
                // msid-semantic, ice-options and anything unknown (RFC 8866 §5.13)
            }
        }
    }

    /** {@code a=group:BUNDLE <mid> ...} (RFC 5888 §5, RFC 8843 §7); other semantics (LS) are ignored. */
    private void group(SdpLine line) {
        String[] f = SdpLine.fields(line.requiredAttributeValue());
        if (!f[0].equals("BUNDLE")) {
            return;
        }
        if (bundleLine != null) {
            throw line.error("more than one BUNDLE group; the node runs everything over one transport");
        }
        List<String> mids = new ArrayList<>();
        for (int i = 1; i < f.length; i++) {
            String mid = line.requireToken(f[i], MediaSectionBuilder.MAX_MID_LENGTH, "BUNDLE mid");
            if (mids.contains(mid)) {
                throw line.error("mid " + mid + " appears twice in the BUNDLE group");
            }
            mids.add(mid);
        }
        bundleLine = line;
        bundleMids = List.copyOf(mids);
    }

    private SessionDescription build() {
        List<MediaSection> sections = new ArrayList<>(media.size());
        Map<String, SdpLine> mids = new HashMap<>();
        for (MediaSectionBuilder b : media) {
            MediaSection m = b.build(session, session.direction);
            if (m.mid() != null && mids.putIfAbsent(m.mid(), b.mediaLine) != null) {
                throw b.mediaLine.error("mid " + m.mid() + " is used by two m-sections (first at line "
                        + mids.get(m.mid()).number() + ")");
            }
            // RFC 8843: with BUNDLE every m-section that is not rejected is identified by its mid.
            if (bundleLine != null && m.mid() == null && !m.rejected()) {
                throw b.mediaLine.error("this m-section has no a=mid, but the description uses BUNDLE (RFC 8843 §7)");
            }
            extmapAllowMixed |= b.extmapAllowMixed;
            sections.add(m);
        }
        for (String mid : bundleMids) {
            if (!mids.containsKey(mid)) {
                throw bundleLine.error("a=group:BUNDLE names mid " + mid + ", which no m-section has");
            }
        }
        return new SessionDescription(origin, bundleMids, iceLite,
                session.ufrag != null && session.pwd != null
                        ? new IceCredentials(session.ufrag, session.pwd) : null,
                session.fingerprint, session.setup, sections, extmapAllowMixed);
    }
}
