package jp.rinjo.common.id;

/** Id of a invitation; prefix {@code inv_}. */
public record InvitationId(String value) {
    public static final String PREFIX = "inv";

    public InvitationId {
        Ids.check(value, PREFIX, "invitation");
    }

    public static InvitationId random() {
        return new InvitationId(Ids.random(PREFIX));
    }

    public static InvitationId of(String value) {
        return new InvitationId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
