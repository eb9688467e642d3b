package jp.rinjo.archive.jdbc;

import java.util.Optional;

import jp.rinjo.archive.retention.ContractPolicy;
import jp.rinjo.archive.retention.PolicyRepository;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.Jdbc;

public final class JdbcPolicyRepository implements PolicyRepository {
    private final Jdbc jdbc;

    public JdbcPolicyRepository(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public Optional<ContractPolicy> find(ContractNo contract) {
        return jdbc.queryOne("SELECT contract_no, retention_years, legal_hold, hold_reason, updated_by, updated_at "
                + "FROM archive_contract_policy WHERE contract_no = ?", rs -> new ContractPolicy(ContractNo.of(rs.getString("contract_no")),
                (Integer) rs.getObject("retention_years", Integer.class), rs.getBoolean("legal_hold"), rs.getString("hold_reason"),
                rs.getString("updated_by"), Jdbc.instant(rs, "updated_at")), contract);
    }

    @Override
    public void save(ContractPolicy p) {
        jdbc.inTransaction(c -> {
            Object[] values = {p.retentionYears(), p.legalHold(), p.holdReason(), p.updatedBy(), p.updatedAt(), p.contractNo()};
            try (var ps = Jdbc.prepare(c, "UPDATE archive_contract_policy SET retention_years = ?, legal_hold = ?, hold_reason = ?, "
                    + "updated_by = ?, updated_at = ? WHERE contract_no = ?", values)) {
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (var ps = Jdbc.prepare(c, "INSERT INTO archive_contract_policy (retention_years, legal_hold, hold_reason, updated_by, "
                    + "updated_at, contract_no) VALUES (?, ?, ?, ?, ?, ?)", values)) {
                ps.executeUpdate();
            }
            return null;
        });
    }
}
