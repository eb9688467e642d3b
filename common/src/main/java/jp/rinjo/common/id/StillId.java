package jp.rinjo.common.id;

/** Id of a remote still (a photo the contractor's phone took during a session); prefix {@code stl_}. */
public record StillId(String value) {
    public static final String PREFIX = "stl";

    public StillId {
        Ids.check(value, PREFIX, "still");
    }

    public static StillId random() {
        return new StillId(Ids.random(PREFIX));
    }

    public static StillId of(String value) {
        return new StillId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
