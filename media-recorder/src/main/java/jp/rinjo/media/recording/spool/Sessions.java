package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.store.ObjectKeys;

/** The sessions in the spool, created on first need (on a recorder thread: creation writes files). */
public final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    private final ConcurrentHashMap<SessionId, SessionSpool> map = new ConcurrentHashMap<>();
    /** Sessions sealed (or being sealed) since this node started: they record no new tracks. */
    private final java.util.Set<SessionId> sealed = ConcurrentHashMap.newKeySet();
    /** Sessions whose spool directory the start could not recover and set aside (where it is now). */
    private final ConcurrentHashMap<SessionId, java.nio.file.Path> setAside = new ConcurrentHashMap<>();
    private final SpoolLayout layout;
    private final Function<SessionId, Optional<ContractNo>> contracts;
    private final String node;

    /**
     * @param contracts the contract a session belongs to, when known (the media node usually does not
     *                  know; then objects go under {@code sessions/{id}/})
     */
    public Sessions(SpoolLayout layout, Function<SessionId, Optional<ContractNo>> contracts, String node) {
        this.layout = layout;
        this.contracts = contracts;
        this.node = node;
    }

    public SessionSpool get(SessionId id) {
        return map.get(id);
    }

    public synchronized SessionSpool getOrCreate(SessionId id, long nowWallMicros) throws IOException {
        SessionSpool s = map.get(id);
        if (s == null) {
            s = SessionSpool.create(layout, id, ObjectKeys.sessionPrefix(id, contractOf(id)), node, nowWallMicros);
            java.nio.file.Path aside = setAside.get(id);
            if (aside != null) {
                // what this node recorded of the session before the restart is not in this spool: the manifest must say so
                s.problem("the spool directory this node had for the session before it restarted could not be recovered and was set "
                        + "aside as " + aside.getFileName() + " on the media node; what it held is not in this recording");
            }
            map.put(id, s);
        }
        return s;
    }

    private Optional<ContractNo> contractOf(SessionId id) {
        try {
            return contracts.apply(id);
        } catch (RuntimeException e) {
            log.warn("session {}: contract lookup failed ({}); its evidence goes under sessions/{}/", id, e.toString(), id);
            return Optional.empty();
        }
    }

    void noteSetAside(SessionId id, java.nio.file.Path where) {
        setAside.put(id, where);
    }

    void add(SessionSpool s) {
        map.put(s.id(), s);
    }

    /**
     * Marks the session as being sealed, before its tracks are closed: a track that has not started
     * recording by now never will (its segments would not be in the manifest).
     *
     * @return false if it was already sealed or being sealed
     */
    boolean markSealing(SessionId id) {
        return sealed.add(id);
    }

    boolean isSealed(SessionId id) {
        return sealed.contains(id);
    }

    void removeSealed(SessionId id) {
        map.remove(id);
    }

    public Collection<SessionSpool> all() {
        return List.copyOf(map.values());
    }
}
