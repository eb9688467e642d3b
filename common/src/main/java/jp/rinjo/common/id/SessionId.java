package jp.rinjo.common.id;

/** Id of a inspection session; prefix {@code ses_}. */
public record SessionId(String value) {
    public static final String PREFIX = "ses";

    public SessionId {
        Ids.check(value, PREFIX, "inspection session");
    }

    public static SessionId random() {
        return new SessionId(Ids.random(PREFIX));
    }

    public static SessionId of(String value) {
        return new SessionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
