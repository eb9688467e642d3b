package jp.rinjo.media.sfu;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.sdp.IncomingTrack;
import jp.rinjo.media.sdp.PublishAnswer;
import jp.rinjo.media.sdp.PublishNegotiator;
import jp.rinjo.media.sdp.SdpException;
import jp.rinjo.media.sdp.SdpParser;
import jp.rinjo.media.sdp.SessionDescription;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.ice.IceCredentials;

/**
 * The rooms of a media node and what signaling asks of them: joins, publications (and their SDP),
 * subscribe answers, departures with a grace period. On the engine's event loop only.
 */
final class RoomDirectory {
    private static final Logger log = LoggerFactory.getLogger(RoomDirectory.class);
    private final MediaEngine engine;
    private final Map<SessionId, Room> rooms = new HashMap<>();

    RoomDirectory(MediaEngine engine) {
        this.engine = engine;
    }

    Collection<Room> all() {
        return rooms.values();
    }

    Room get(SessionId session) {
        return rooms.get(session);
    }


    void joined(SessionId session, ParticipantId id) {
        Room room = rooms.computeIfAbsent(session, Room::new);
        Participant p = room.participants.computeIfAbsent(id, k -> new Participant(k, room));
        if (p.removal != null) {
            p.removal.cancel(false);
            p.removal = null;
        }
        if (p.subscriber == null) {
            p.subscriber = new SubscriberEndpoint(engine, p);
            engine.registerIce(p.subscriber);
            p.subscriber.renegotiate();
        } else {
            p.subscriber.rejoined();
        }
    }

    String publish(SessionId session, ParticipantId id, String offerSdp) {
        SessionDescription offer;
        try {
            offer = SdpParser.parse(offerSdp);
            offer.requireTransport();
        } catch (SdpException e) {
            throw RinjoException.invalid("the publish offer is not usable: " + e.getMessage());
        }
        Room room = rooms.computeIfAbsent(session, Room::new);
        Participant p = room.participants.get(id);
        if (p == null) {
            joined(session, id);
            p = room.participants.get(id);
        }
        var firstSection = offer.media().stream().filter(m -> m.port() != 0).findFirst()
                .orElseThrow(() -> RinjoException.invalid("the publish offer has no media"));
        DtlsFingerprint fingerprint = firstSection.fingerprint();
        IceCredentials remoteIce = firstSection.ice();
        PublisherEndpoint pub = p.publisher;
        if (pub != null && fingerprint.equals(pub.remoteFingerprint())) {
            // the same browser peer connection: a re-offer, maybe an ICE restart after a network change
            if (pub.ice.remoteCredentials().map(c -> !c.equals(remoteIce)).orElse(true)) {
                pub.ice.restart(remoteIce.ufrag(), remoteIce.pwd());
                engine.registerIce(pub);
            }
        } else {
            if (pub != null) {
                pub.close();
            }
            pub = new PublisherEndpoint(engine, p);
            pub.ice.setRemoteCredentials(remoteIce);
            engine.registerIce(pub);
            pub.startDtls(fingerprint);
            p.publisher = pub;
        }
        PublishAnswer answer;
        try {
            answer = PublishNegotiator.answer(offer, engine.transportFor(pub));
        } catch (SdpException e) {
            throw RinjoException.invalid("the publish offer is not usable: " + e.getMessage());
        }
        if (!answer.overLimit().isEmpty()) {
            log.warn("session {}: {} offered more tracks than a participant may publish ({} audio, {} video);"
                    + " sections {} answered inactive", room.id(), p.id(), PublishNegotiator.MAX_AUDIO_TRACKS,
                    PublishNegotiator.MAX_VIDEO_TRACKS, answer.overLimit());
        }
        bindTracks(room, p, pub, answer.tracks());
        pub.askedToConnect(System.nanoTime());
        return answer.sdp();
    }

    private void bindTracks(Room room, Participant p, PublisherEndpoint pub, List<IncomingTrack> incoming) {
        Map<String, Integer> perKind = new HashMap<>();
        List<PublishedTrack> bound = new ArrayList<>();
        boolean changed = false;
        long wall = MediaEngine.wallMicros();
        int midExt = -1;
        int twccExt = -1;
        for (IncomingTrack in : incoming) {
            int index = perKind.merge(in.kind(), 1, Integer::sum) - 1;
            String key = p.id().value() + "/" + in.kind() + index + "/" + in.rinjoCodec().name();
            PublishedTrack t = room.tracks.get(key);
            if (t == null) {
                t = new PublishedTrack(key, p.id(), in.kind(), in.rinjoCodec(), in.codec());
                room.tracks.put(key, t);
                for (MediaEngine.RtpSinkFactory f : engine.sinkFactories()) {
                    PublishedTrack track = t;
                    f.sinkFor(room.id(), t).ifPresent(track::addSink);
                }
                changed = true;
            }
            t.attach(pub, in.mid(), in.ssrcs(), in.codec(), wall);
            bound.add(t);
            midExt = Math.max(midExt, in.midExtensionId());
            twccExt = Math.max(twccExt, in.transportCcExtensionId());
        }
        // this participant's tracks that are not in the new offer are gone
        for (var it = room.tracks.values().iterator(); it.hasNext(); ) {
            PublishedTrack t = it.next();
            if (t.owner().equals(p.id()) && !bound.contains(t)) {
                t.detach("unpublished", wall);
                it.remove();
                changed = true;
            }
        }
        pub.bind(bound, midExt, twccExt);
        if (changed) {
            room.tracksChanged();
        }
        log.info("session {}: {} publishes {}", room.id(), p.id(),
                bound.stream().map(t -> t.kind() + " " + t.codec()).toList());
    }

    void subscribeAnswer(SessionId session, ParticipantId id, String answerSdp) {
        Room room = rooms.get(session);
        Participant p = room == null ? null : room.participants.get(id);
        if (p == null || p.subscriber == null) {
            throw RinjoException.conflict("no subscribe offer was made to this participant");
        }
        try {
            p.subscriber = p.subscriber.onAnswer(SdpParser.parse(answerSdp));
        } catch (SdpException e) {
            throw RinjoException.invalid("the subscribe answer is not usable: " + e.getMessage());
        }
    }

    void left(SessionId session, ParticipantId id) {
        Room room = rooms.get(session);
        Participant p = room == null ? null : room.participants.get(id);
        if (p == null || p.removal != null) {
            return;
        }
        p.removal = engine.loop().schedule(() -> remove(room, p), engine.config().rejoinGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Removes, as {@link #left} does, participants whose browser has not been heard for the consent
     * timeout plus the rejoin grace: signaling's {@code left} can be lost (a signaling node dies, a
     * control call fails), and without this their tracks, caches and periodic work would stay until
     * the process restarts.
     */
    void removeSilent(long nowNanos) {
        long silence = engine.config().consentTimeout().plus(engine.config().rejoinGrace()).toNanos();
        List<Participant> silent = new ArrayList<>();
        for (Room room : rooms.values()) {
            for (Participant p : room.participants.values()) {
                if (p.silentFor(nowNanos, silence)) {
                    silent.add(p);
                }
            }
        }
        for (Participant p : silent) {
            log.info("session {}: {} not heard from for {} ms; removed as if it had left",
                    p.room().id(), p.id(), silence / 1_000_000);
            if (p.removal != null) {
                p.removal.cancel(false);
                p.removal = null;
            }
            remove(p.room(), p);
        }
    }

    private void remove(Room room, Participant p) {
        room.participants.remove(p.id());
        long wall = MediaEngine.wallMicros();
        boolean hadTracks = room.tracks.values().removeIf(t -> {
            if (t.owner().equals(p.id())) {
                t.detach("left", wall);
                return true;
            }
            return false;
        });
        if (p.publisher != null) {
            p.publisher.close();
        }
        if (p.subscriber != null) {
            p.subscriber.close();
        }
        if (room.participants.isEmpty()) {
            rooms.remove(room.id());
            engine.roomClosed(room.id());
        } else if (hadTracks) {
            room.tracksChanged();
        }
        log.info("session {}: {} removed from the media node", room.id(), p.id());
    }
}
