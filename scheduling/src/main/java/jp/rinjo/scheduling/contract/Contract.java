package jp.rinjo.scheduling.contract;

import java.time.Instant;
import java.time.LocalDate;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.id.ContractNo;

/**
 * A public-works contract (工事契約): what every session and recording is filed under.
 *
 * @param no         契約番号
 * @param name       工事名
 * @param contractor 受注者
 * @param department 担当課 — the department whose inspectors may see it
 * @param periodStart 工期 (from)
 * @param periodEnd   工期 (to)
 * @param location   工事場所
 */
public record Contract(ContractNo no, String name, String contractor, String department,
                       LocalDate periodStart, LocalDate periodEnd, String location,
                       Instant createdAt, Instant updatedAt) {
    public Contract {
        Require.present(no, "契約番号 (no)");
        name = Require.text(name, "工事名 (name)", 200);
        contractor = Require.text(contractor, "受注者 (contractor)", 200);
        department = Require.text(department, "担当課 (department)", 100);
        Require.present(periodStart, "工期開始 (periodStart)");
        Require.present(periodEnd, "工期終了 (periodEnd)");
        Require.that(!periodEnd.isBefore(periodStart), "工期: periodEnd must not be before periodStart");
        location = Require.text(location, "工事場所 (location)", 200);
        Require.present(createdAt, "createdAt");
        Require.present(updatedAt, "updatedAt");
    }
}
