package jp.rinjo.archive.retention;

import java.time.Instant;

import jp.rinjo.common.time.Jst;

/**
 * A recording's retention: kept {@code years} after it was recorded (counted in JST calendar years),
 * and not deletable while that runs or while its contract is on legal hold.
 */
public record Retention(int years, boolean defaultYears, Instant until, boolean legalHold, String holdReason) {

    public static Retention of(Instant recordedFrom, ContractPolicy policy, int defaultYears) {
        int years = policy != null && policy.retentionYears() != null ? policy.retentionYears() : defaultYears;
        Instant until = recordedFrom.atZone(Jst.ZONE).plusYears(years).toInstant();
        return new Retention(years, policy == null || policy.retentionYears() == null, until,
                policy != null && policy.legalHold(), policy == null ? null : policy.holdReason());
    }

    public boolean running(Instant now) {
        return now.isBefore(until);
    }

    public boolean deletable(Instant now) {
        return !legalHold && !running(now);
    }
}
