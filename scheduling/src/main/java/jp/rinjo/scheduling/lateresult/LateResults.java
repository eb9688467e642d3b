package jp.rinjo.scheduling.lateresult;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import jp.rinjo.common.id.SessionId;

/** The late results (事後記録) of lapsed sessions, at most one per session. */
public interface LateResults {
    /** Keeps it; a session that has one already is a CONFLICT (recorded once only, see {@link LateResult}). */
    void record(LateResult late);

    Optional<LateResult> forSession(SessionId session);

    /** Those of the given sessions that have one, for a list of sessions in one read. */
    Map<SessionId, LateResult> forSessions(Collection<SessionId> sessions);
}
