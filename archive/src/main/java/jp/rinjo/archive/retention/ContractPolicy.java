package jp.rinjo.archive.retention;

import java.time.Instant;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.id.ContractNo;

/**
 * How long a contract's recordings are kept, and whether a legal hold stops their deletion.
 *
 * @param retentionYears years after each recording; null = the configured default
 */
public record ContractPolicy(ContractNo contractNo, Integer retentionYears, boolean legalHold, String holdReason, String updatedBy,
                             Instant updatedAt) {
    public static final int MAX_YEARS = 100;

    public ContractPolicy {
        Require.present(contractNo, "contractNo");
        Require.that(retentionYears == null || (retentionYears >= 1 && retentionYears <= MAX_YEARS),
                "retentionYears must be 1–" + MAX_YEARS);
        holdReason = Require.optionalText(holdReason, "holdReason", 1000);
        Require.that(!legalHold || holdReason != null, "a legal hold needs a reason");
        Require.text(updatedBy, "updatedBy", 40);
        Require.present(updatedAt, "updatedAt");
    }
}
