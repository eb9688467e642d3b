package jp.rinjo.scheduling.invitation;

/** What a participant may do in a live session. */
public enum ParticipantRole {
    /** 受注者 (現場代理人): streams the site from a phone. */
    CONTRACTOR("受注者"),
    /** 監督職員: watches, talks, directs, ends the session with a result. */
    INSPECTOR("監督職員"),
    /** 上司・検査員 etc.: watches and talks. */
    OBSERVER("立会者");

    private final String label;

    ParticipantRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
