package jp.rinjo.common.id;

/** Id of a node; prefix {@code node_}. */
public record NodeId(String value) {
    public static final String PREFIX = "node";

    public NodeId {
        Ids.check(value, PREFIX, "node");
    }

    public static NodeId random() {
        return new NodeId(Ids.random(PREFIX));
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
