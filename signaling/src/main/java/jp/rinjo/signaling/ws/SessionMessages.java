package jp.rinjo.signaling.ws;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.time.Jst;
import jp.rinjo.scheduling.annotation.SessionAnnotation;
import jp.rinjo.signaling.live.Presence;
import jp.rinjo.signaling.protocol.ClientMessage;
import jp.rinjo.signaling.protocol.ServerMessage;

/**
 * What a joined participant says in the session — chat, SDP and ICE (to a peer or the media node),
 * annotations — validated, then passed to the room or the media node.
 */
final class SessionMessages {
    private static final Set<String> SHAPES = Set.of("pointer", "line", "arrow", "circle", "rect", "text", "clear");
    private static final int MAX_CHAT = 2000;
    /** A CSS hex colour, #rgb or #rrggbb: what the pages draw with, and nothing a receiver must parse further. */
    private static final java.util.regex.Pattern COLOR = java.util.regex.Pattern.compile("#(?:[0-9a-fA-F]{3}){1,2}");
    /** An m-line's identification tag (RFC 8843 recommends at most 16 bytes; browsers send "0", "1"...). */
    private static final int MAX_SDP_MID = 32;

    /** Where the outcome of an asynchronous step is told to the sender (an error message on failure). */
    interface Reporter {
        void report(String ref, CompletionStage<Void> stage);
    }

    private final SocketServices s;
    private final Reporter reporter;
    private final AnnotationEvidence annotations;

    SessionMessages(SocketServices services, Reporter reporter) {
        this.s = services;
        this.reporter = reporter;
        this.annotations = new AnnotationEvidence(services.scheduling().annotations(), services.blocking());
    }

    void chat(Presence p, ClientMessage.Chat c) {
        requireLive(p);
        String text = c.text() == null ? "" : c.text().strip();
        if (text.isEmpty() || text.codePointCount(0, text.length()) > MAX_CHAT) {
            throw RinjoException.invalid("chat text must be 1–" + MAX_CHAT + " characters");
        }
        Instant now = Instant.now(s.clock());
        s.hub().broadcast(p.sessionId(), null, new ServerMessage.Chat(p.participantId().value(),
                p.displayName(), text, now.toString(), Jst.display(now)));
    }

    void sdp(Presence p, ClientMessage.Sdp m) {
        requireLive(p);
        if (!"offer".equals(m.kind()) && !"answer".equals(m.kind())) {
            throw RinjoException.invalid("sdp kind must be offer or answer");
        }
        if (m.sdp() == null || !m.sdp().startsWith("v=0")) {
            throw RinjoException.invalid("sdp is not a session description (it must start with v=0)");
        }
        if (m.purpose() != null && !Set.of("publish", "subscribe").contains(m.purpose())) {
            throw RinjoException.invalid("sdp purpose must be publish or subscribe");
        }
        if (m.to() != null) {
            relay(p, m.to(), m.ref(), new ServerMessage.Sdp(p.participantId().value(), m.kind(), m.sdp(), m.purpose()));
        } else {
            reporter.report(m.ref(), s.media().sdp(p.sessionId(), p.participantId(), m.kind(), m.sdp(), m.purpose()));
        }
    }

    void ice(Presence p, ClientMessage.Ice m) {
        requireLive(p);
        if (m.candidate() != null && m.candidate().length() > 1024) {
            throw RinjoException.invalid("ice candidate is too long");
        }
        if (m.sdpMid() != null && m.sdpMid().length() > MAX_SDP_MID) {
            throw RinjoException.invalid("ice sdpMid is longer than " + MAX_SDP_MID + " characters");
        }
        if (m.to() != null) {
            relay(p, m.to(), m.ref(), new ServerMessage.Ice(p.participantId().value(), m.candidate(), m.sdpMid(),
                    m.sdpMLineIndex()));
        } else {
            reporter.report(m.ref(), s.media().ice(p.sessionId(), p.participantId(), m.candidate(), m.sdpMid(),
                    m.sdpMLineIndex()));
        }
    }

    void annotation(Presence p, ClientMessage.Annotation a) {
        requireLive(p);
        if (a.shape() == null || !SHAPES.contains(a.shape())) {
            throw RinjoException.invalid("annotation shape must be one of " + SHAPES);
        }
        List<double[]> points = a.points() == null ? List.of() : a.points();
        if (points.size() > 500 || points.stream().anyMatch(xy -> xy == null || xy.length != 2
                || !(xy[0] >= 0 && xy[0] <= 1 && xy[1] >= 0 && xy[1] <= 1))) {
            throw RinjoException.invalid("annotation points must be at most 500 [x, y] pairs within 0..1");
        }
        // a circle (the corners of the box it fills) or an arrow (tail, head) from fewer or more points draws nothing sensible
        if (SessionAnnotation.TWO_POINT_SHAPES.contains(a.shape()) && points.size() != 2) {
            throw RinjoException.invalid("an annotation of shape " + a.shape() + " has exactly 2 points");
        }
        if (a.label() != null && a.label().length() > 200) {
            throw RinjoException.invalid("annotation label is longer than 200 characters");
        }
        if (a.color() != null && !COLOR.matcher(a.color()).matches()) {
            throw RinjoException.invalid("annotation color must be a hex colour, #rgb or #rrggbb");
        }
        ParticipantId target = ContractorTarget.ANNOTATION.parse(a.target());
        // the time it was sent, taken before the look-up: a pointer and the clear right after it keep their order
        Instant now = Instant.now(s.clock());
        reporter.report(a.ref(), s.hub().presences(p.sessionId()).thenCompose(all -> {
            // a mark on anyone else's picture would be evidence of pointing at a place nobody saw: refused, not relayed or kept
            ContractorTarget.ANNOTATION.among(all, target);
            annotations.keep(p, a.shape(), points, a.color(), a.label(), target, now); // evidence of what was pointed at, where, and when
            return s.hub().broadcast(p.sessionId(), p.participantId(), new ServerMessage.Annotation(
                    p.participantId().value(), a.shape(), points, a.color(), a.label(), now.toString(), target.value()));
        }));
    }

    /**
     * An ended or cancelled session takes nothing more, though its connections may not be closed yet
     * (their goodbye is on its way).
     */
    private void requireLive(Presence p) {
        if (s.hub().isOver(p.sessionId())) {
            throw new RinjoException(ErrorCode.SESSION_CLOSED, "the session is over");
        }
    }

    /**
     * Relays to a participant who must be present in the same session, and is someone else: a relay to
     * oneself serves no call, only to make the node send a client its own large messages back.
     */
    private void relay(Presence p, String to, String ref, ServerMessage message) {
        ParticipantId target = ParticipantId.of(to);
        if (target.equals(p.participantId())) {
            throw RinjoException.invalid("\"to\" must name another participant, not yourself");
        }
        reporter.report(ref, s.hub().presences(p.sessionId()).thenCompose(all -> {
            if (all.stream().noneMatch(other -> other.participantId().equals(target))) {
                throw new RinjoException(ErrorCode.NOT_FOUND, "participant " + to + " is not in this session");
            }
            return s.hub().sendTo(p.sessionId(), target, message);
        }));
    }
}
