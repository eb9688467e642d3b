package jp.rinjo.scheduling.invitation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.SessionId;

public interface InvitationRepository {
    void insert(Invitation invitation);

    Optional<Invitation> find(InvitationId id);

    List<Invitation> forSession(SessionId sessionId);

    /** @return false when there is no such invitation or it was already revoked */
    boolean revoke(InvitationId id, Instant at);
}
