package jp.rinjo.scheduling.still;

import java.util.List;

import jp.rinjo.common.id.SessionId;

/**
 * The remote stills each session received, described (the photos are evidence in the recording): kept
 * by signaling as it accepts each one, so the inspector's page can list them again after a reload, from
 * any signaling node, whichever media node holds the session now.
 */
public interface SessionStills {
    /** Keeps the still's description; a still id kept before is a CONFLICT (ids are random: it is the same still twice). */
    void keep(SessionStill still);

    /** The session's stills in the order they were taken (by {@code takenAt}, then as kept). */
    List<SessionStill> forSession(SessionId session);

    /** How many stills the session has (what {@link #forSession} would list), without reading them. */
    int count(SessionId session);
}
