package jp.rinjo.scheduling.session;

/** SCHEDULED → LIVE → ENDED; SCHEDULED or LIVE → CANCELLED. ENDED and CANCELLED are final. */
public enum SessionStatus {
    SCHEDULED, LIVE, ENDED, CANCELLED;

    public boolean isFinal() {
        return this == ENDED || this == CANCELLED;
    }
}
