package jp.rinjo.common.id;

/** Id of a user; prefix {@code usr_}. */
public record UserId(String value) {
    public static final String PREFIX = "usr";

    public UserId {
        Ids.check(value, PREFIX, "user");
    }

    public static UserId random() {
        return new UserId(Ids.random(PREFIX));
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
