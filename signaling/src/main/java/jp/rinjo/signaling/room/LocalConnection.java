package jp.rinjo.signaling.room;

/** A participant's connection held by this node, as the room hub sees it (a WebSocket in practice). */
public interface LocalConnection {
    String id();

    /** Sends one protocol message (JSON text); safe from any thread, never blocks. */
    void send(String json);

    /** Says bye with the reason and closes. */
    void close(String reason);
}
