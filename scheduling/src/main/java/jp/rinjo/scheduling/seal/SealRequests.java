package jp.rinjo.scheduling.seal;

import java.time.Instant;
import java.util.List;

import jp.rinjo.common.id.SessionId;

/**
 * The requests to seal a session's recording that its media node has not answered yet. Kept in the
 * database so that a restart of signaling asks again instead of forgetting.
 */
public interface SealRequests {
    /** Records that the session's recording is to be sealed (again, if it was finished before). */
    void requested(SessionId session, Instant at);

    /** The node answered (sealed, or refused) or the asking was given up: {@code outcome} says which. */
    void finished(SessionId session, Instant at, String outcome);

    /** Sessions requested at or after {@code since} and not finished, oldest first. */
    List<SessionId> open(Instant since);
}
