package jp.rinjo.common.id;

/** Id of a participant; prefix {@code par_}. */
public record ParticipantId(String value) {
    public static final String PREFIX = "par";

    public ParticipantId {
        Ids.check(value, PREFIX, "participant");
    }

    public static ParticipantId random() {
        return new ParticipantId(Ids.random(PREFIX));
    }

    public static ParticipantId of(String value) {
        return new ParticipantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
