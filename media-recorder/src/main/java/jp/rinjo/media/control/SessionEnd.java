package jp.rinjo.media.control;

import java.util.List;

/**
 * What signaling tells a media node when a session ends, for the recording's manifest.
 *
 * @param attendees          who took part
 * @param inspection         which inspection it was; null when signaling does not know the session
 * @param annotations        what was pointed at on the live video, in the order it was made (none from an older signaling)
 * @param annotationsNotKept how many more the session was sent than signaling keeps for it
 */
public record SessionEnd(List<Attendee> attendees, Inspection inspection, List<Annotation> annotations, long annotationsNotKept) {
    public SessionEnd {
        attendees = attendees == null ? List.of() : List.copyOf(attendees);
        annotations = annotations == null ? List.of() : List.copyOf(annotations);
    }
}
