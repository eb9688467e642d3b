package jp.rinjo.media.transport.ice;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.rinjo.media.transport.stun.StunDecoder;

/**
 * Finds the agent for a Binding request arriving on the shared UDP port by the local ufrag, the
 * part of USERNAME before the colon (DESIGN.md §3: demultiplex by ufrag, then by address).
 * Thread-safe; lookups do not lock.
 *
 * <p>Register an agent when its endpoint is created and again after {@link IceLiteAgent#restart},
 * which adds a ufrag. Ufrags an agent no longer accepts (retired by a completed restart) are
 * dropped lazily, on lookup or on the agent's next registration.
 */
public final class IceUfragRouter {

    private final Map<String, IceLiteAgent> byUfrag = new ConcurrentHashMap<>();

    /**
     * Maps every local ufrag the agent currently accepts to it.
     *
     * @throws IllegalStateException if another agent holds one of those ufrags (with generated
     *                               ufrags this means a bug, not bad luck)
     */
    public void register(IceLiteAgent agent) {
        Objects.requireNonNull(agent, "agent");
        byUfrag.entrySet().removeIf(e -> e.getValue() == agent && !agent.acceptsLocalUfrag(e.getKey()));
        for (String ufrag : agent.localUfrags()) {
            IceLiteAgent previous = byUfrag.putIfAbsent(ufrag, agent);
            if (previous != null && previous != agent) {
                throw new IllegalStateException("local ufrag " + ufrag + " of " + agent + " is already used by " + previous);
            }
        }
    }

    /** Removes every mapping to the agent (endpoint closed). */
    public void unregister(IceLiteAgent agent) {
        Objects.requireNonNull(agent, "agent");
        byUfrag.values().removeIf(a -> a == agent);
    }

    /** The agent that accepts this local ufrag. */
    public Optional<IceLiteAgent> lookup(String localUfrag) {
        Objects.requireNonNull(localUfrag, "localUfrag");
        IceLiteAgent agent = byUfrag.get(localUfrag);
        if (agent == null) {
            return Optional.empty();
        }
        if (!agent.acceptsLocalUfrag(localUfrag)) {
            byUfrag.remove(localUfrag, agent);
            return Optional.empty();
        }
        return Optional.of(agent);
    }

    /**
     * The agent for a STUN datagram, by the local part of its USERNAME, read with
     * {@link StunDecoder#peekUsername} (no full decode; the agent decodes and authenticates).
     * Empty for non-STUN, USERNAME-less or unknown-ufrag datagrams, which the caller drops.
     */
    public Optional<IceLiteAgent> route(byte[] datagram, int off, int len) {
        Optional<String> username = StunDecoder.peekUsername(datagram, off, len);
        if (username.isEmpty()) {
            return Optional.empty();
        }
        String user = username.get();
        int colon = user.indexOf(':');
        return lookup(colon < 0 ? user : user.substring(0, colon));
    }

    /** Number of ufrag mappings (one per agent, two during a restart). */
    public int size() {
        return byUfrag.size();
    }
}
