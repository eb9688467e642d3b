package jp.rinjo.common.id;

/** Id of a track; prefix {@code trk_}. */
public record TrackId(String value) {
    public static final String PREFIX = "trk";

    public TrackId {
        Ids.check(value, PREFIX, "track");
    }

    public static TrackId random() {
        return new TrackId(Ids.random(PREFIX));
    }

    public static TrackId of(String value) {
        return new TrackId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
