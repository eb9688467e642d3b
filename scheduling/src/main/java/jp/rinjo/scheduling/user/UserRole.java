package jp.rinjo.scheduling.user;

/** Roles of people who log in. Contractors never log in: they come with an invitation token. */
public enum UserRole {
    /** Sees and manages every department, creates accounts. */
    ADMIN,
    /** 監督職員: schedules and runs sessions for their department's contracts. */
    INSPECTOR,
    /** Records clerk / auditor: reads their department's contracts and recordings, schedules nothing. */
    CLERK
}
