package jp.rinjo.media.recording.spool;

import java.nio.file.Path;
import java.time.Instant;

import jp.rinjo.common.error.Require;

/**
 * A session directory set aside in the spool ({@link SetAside}): files no seal includes and the
 * store never took, at risk until an operator moves them to where evidence is kept.
 *
 * @param session the session id as the directory is named (kept as text: an operator may have renamed
 *                the directory, and what is in it is at risk all the same)
 * @param where   the directory
 * @param since   when it was set aside (the UTC time in its name; its last change if the name has none)
 * @param why     what its {@code SET-ASIDE.txt} says
 */
public record SetAsideSession(String session, Path where, Instant since, String why) {
    public SetAsideSession {
        Require.nonNull(session, "session");
        Require.nonNull(where, "where");
        Require.nonNull(since, "since");
        Require.nonNull(why, "why");
    }
}
