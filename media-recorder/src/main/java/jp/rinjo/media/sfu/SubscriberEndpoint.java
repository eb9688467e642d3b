package jp.rinjo.media.sfu;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.media.rtcp.Fir;
import jp.rinjo.media.rtcp.Nack;
import jp.rinjo.media.rtcp.Pli;
import jp.rinjo.media.rtcp.RtcpPacket;
import jp.rinjo.media.rtcp.RtcpParser;
import jp.rinjo.media.sdp.OfferedSection;
import jp.rinjo.media.sdp.OutgoingTrack;
import jp.rinjo.media.sdp.SessionDescription;
import jp.rinjo.media.sdp.SubscribeAnswerCheck;
import jp.rinjo.media.sdp.SubscribeNegotiator;
import jp.rinjo.media.sdp.SubscribeOffer;

/**
 * The transport a participant receives the others' tracks on. The node offers; one offer is
 * outstanding at a time, and changes made meanwhile are offered once the answer is in.
 */
final class SubscriberEndpoint extends Endpoint {
    private static final Logger log = LoggerFactory.getLogger(SubscriberEndpoint.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ForwardedTrack> forwards = new HashMap<>();
    private final Map<Integer, ForwardedTrack> byOutSsrc = new HashMap<>();
    private final Set<String> accepted = new java.util.HashSet<>();
    private List<OfferedSection> sections = List.of();
    private SubscribeOffer pending;
    private boolean dirty;
    private boolean restartIce;
    private long version = 1;

    SubscriberEndpoint(MediaEngine engine, Participant participant) {
        super(engine, participant, "sub");
    }

    private SubscriberEndpoint(SubscriberEndpoint previous) {
        super(previous.engine, previous.participant, "sub", previous.ice.localCredentials());
        previous.forwards.forEach((key, f) -> {
            ForwardedTrack copy = new ForwardedTrack(f.track(), this, f.outSsrc(), f.rtxSsrc());
            forwards.put(key, copy);
            byOutSsrc.put(copy.outSsrc(), copy);
        });
        sections = previous.sections;
        pending = previous.pending;
        dirty = previous.dirty;
        version = previous.version;
        askedToConnect(System.nanoTime());
    }

    /**
     * The participant joined again: whatever offer is outstanding may never have reached the browser
     * (signaling drops it while the participant reconnects), and a reloaded page has a new peer
     * connection that knows nothing of it. Either way waiting for its answer would stall the
     * participant for good, so it is forgotten and a fresh offer made.
     */
    void rejoined() {
        pending = null;
        restartIceOnNextOffer();
        renegotiate();
    }

    /** Offers the current set of the others' tracks (or queues the change behind the outstanding offer). */
    void renegotiate() {
        if (isClosed()) {
            return;
        }
        if (pending != null) {
            dirty = true;
            return;
        }
        dirty = false;
        List<PublishedTrack> wanted = participant.room().tracksFor(participant);
        List<OutgoingTrack> outgoing = new ArrayList<>();
        for (PublishedTrack t : wanted) {
            ForwardedTrack f = forwards.computeIfAbsent(t.key(), k -> newForward(t));
            outgoing.add(new OutgoingTrack(t.key(), t.kind(), t.rtpCodec(), f.outSsrc() & 0xFFFFFFFFL,
                    "rinjo-" + t.owner().value(), t.owner().value(), t.key().replace('/', '-'), f.rtxSsrc() & 0xFFFFFFFFL));
        }
        // tracks gone from the room stop now; their sections go inactive in this offer
        for (String key : new ArrayList<>(forwards.keySet())) {
            if (wanted.stream().noneMatch(t -> t.key().equals(key))) {
                ForwardedTrack f = forwards.remove(key);
                byOutSsrc.remove(f.outSsrc());
                f.track().forwards().remove(f);
                accepted.remove(key);
            }
        }
        if (outgoing.isEmpty() && sections.isEmpty()) {
            return; // nothing to receive yet: no subscribe connection needed
        }
        if (restartIce) {
            ice.restart();
            engine.registerIce(this);
            restartIce = false;
        }
        pending = SubscribeNegotiator.offer(outgoing, sections, engine.transportFor(this), version++);
        askedToConnect(System.nanoTime());
        engine.sendSubscribeOffer(participant, pending.sdp());
    }

    /** A rejoining participant's browser has a new network path: the next offer restarts ICE. */
    void restartIceOnNextOffer() {
        if (ice.remoteCredentials().isPresent()) {
            restartIce = true;
        }
    }

    private ForwardedTrack newForward(PublishedTrack t) {
        int ssrc = unusedSsrc(0);
        int rtxSsrc = "video".equals(t.kind()) ? unusedSsrc(ssrc) : 0;
        ForwardedTrack f = new ForwardedTrack(t, this, ssrc, rtxSsrc);
        byOutSsrc.put(ssrc, f);
        t.forwards().add(f);
        return f;
    }

    /** A random SSRC that none of this subscriber's tracks (nor {@code also}) sends with. */
    private int unusedSsrc(int also) {
        while (true) {
            int ssrc = RANDOM.nextInt() | 1;
            if (ssrc != also && !byOutSsrc.containsKey(ssrc)
                    && forwards.values().stream().noneMatch(f -> f.rtxSsrc() == ssrc)) {
                return ssrc;
            }
        }
    }

    /**
     * Applies the browser's answer to the outstanding offer. Returns the endpoint that serves the
     * participant from now on: this one, or, when the answer comes from a new peer connection (a
     * reloaded page, or one that replaced a failed connection), a replacement for it.
     */
    SubscriberEndpoint onAnswer(SessionDescription answer) {
        if (pending == null) {
            throw jp.rinjo.common.error.RinjoException.conflict("no subscribe offer is waiting for an answer");
        }
        SubscribeAnswerCheck check = SubscribeNegotiator.checkAnswer(pending, answer);
        if (remoteFingerprint() != null && !remoteFingerprint().equals(check.remoteFingerprint())) {
            return replacedFor(answer);
        }
        ice.setRemoteCredentials(check.remoteIce());
        if (remoteFingerprint() == null) {
            startDtls(check.remoteFingerprint());
        }
        sections = pending.sections();
        pending = null;
        for (OfferedSection section : sections) {
            ForwardedTrack f = section.trackKey() == null ? null : forwards.get(section.trackKey());
            if (f != null) {
                f.payloadType(section.codec().payloadType());
                f.rtxPayloadType(check.rtxTrackKeys().contains(section.trackKey()) ? section.rtxPayloadType() : -1);
            }
        }
        accepted.clear();
        accepted.addAll(check.acceptedTrackKeys());
        if (!check.rejectedTrackKeys().isEmpty()) {
            log.info("{}: browser rejected tracks {}", id, check.rejectedTrackKeys());
        }
        if (isConnected()) {
            activateAccepted();
        }
        if (dirty) {
            renegotiate();
        }
        return this;
    }

    /**
     * A DTLS session cannot change peers, so a new peer connection gets a new endpoint: fresh ICE
     * state and DTLS server, on the ICE credentials the browser has from the offer it answered, and
     * the same outgoing SSRCs, as that offer announced them. The old endpoint's transport is closed.
     */
    private SubscriberEndpoint replacedFor(SessionDescription answer) {
        log.info("{}: the subscribe answer comes from a new peer connection; its transport replaces the old one", id);
        SubscriberEndpoint next = new SubscriberEndpoint(this);
        close();
        next.forwards.values().forEach(f -> f.track().forwards().add(f));
        engine.registerIce(next);
        return next.onAnswer(answer);
    }

    @Override
    void connected() {
        activateAccepted();
    }

    private void activateAccepted() {
        long now = System.nanoTime();
        forwards.forEach((key, f) -> {
            if (accepted.contains(key)) {
                f.activate(now, keyframeMinIntervalNanos());
            } else {
                f.deactivate();
            }
        });
    }

    @Override
    void onRtp(byte[] buf, int len, long wallMicros, long monoNanos) {
        engine.stats().unexpectedRtp.increment(); // a subscribe connection only receives
    }

    @Override
    void onRtcp(byte[] buf, int len, long wallMicros, long monoNanos) {
        for (RtcpPacket p : RtcpParser.parse(buf, 0, len)) {
            if (p instanceof Pli pli) {
                ForwardedTrack f = byOutSsrc.get(pli.mediaSsrc());
                if (f != null) {
                    f.keyframeRequested(monoNanos);
                }
            } else if (p instanceof Fir fir) {
                for (Fir.Entry e : fir.entries()) {
                    ForwardedTrack f = byOutSsrc.get(e.ssrc());
                    if (f != null) {
                        f.keyframeRequested(monoNanos);
                    }
                }
            } else if (p instanceof Nack nack) {
                ForwardedTrack f = byOutSsrc.get(nack.mediaSsrc());
                if (f != null) {
                    for (int seq : nack.lostSequenceNumbers()) {
                        switch (f.retransmit(seq, monoNanos)) {
                            case SENT -> engine.stats().retransmissions.increment();
                            case REFUSED -> engine.stats().retransmissionsRefused.increment();
                            case NOT_CACHED -> { }
                        }
                    }
                }
            }
        }
    }

    /** The participant leaves the room: stop every forward. */
    void dropAllForwards() {
        forwards.values().forEach(f -> f.track().forwards().remove(f));
        forwards.clear();
        byOutSsrc.clear();
    }

    @Override
    void close() {
        dropAllForwards();
        super.close();
    }
}
