package jp.rinjo.media.control;

import java.util.List;

/**
 * What signaling tells a media node when a session ends, for the recording's manifest.
 *
 * @param attendees  who took part
 * @param inspection which inspection it was; null when signaling does not know the session
 */
public record SessionEnd(List<Attendee> attendees, Inspection inspection) {
    public SessionEnd {
        attendees = attendees == null ? List.of() : List.copyOf(attendees);
    }
}
