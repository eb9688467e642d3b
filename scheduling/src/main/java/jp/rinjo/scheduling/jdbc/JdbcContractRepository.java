package jp.rinjo.scheduling.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.text.SearchText;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.contract.ContractRepository;

public final class JdbcContractRepository implements ContractRepository {
    private static final String COLUMNS =
            "contract_no, name, contractor, department, period_start, period_end, location, created_at, updated_at";
    private final Jdbc jdbc;

    public JdbcContractRepository(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public void insert(Contract c) {
        try {
            jdbc.update("INSERT INTO contracts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    c.no(), c.name(), c.contractor(), c.department(), c.periodStart(), c.periodEnd(), c.location(),
                    c.createdAt(), c.updatedAt());
        } catch (RinjoException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                throw RinjoException.conflict("契約番号 " + c.no() + " is already registered");
            }
            throw e;
        }
    }

    /**
     * Also updates the archive's copy of the contract (V3__archive.sql) in the same transaction: its
     * index carries the department and name so that search reads one narrow table, and a contract
     * moved to another department must take its recordings' visibility with it at once.
     */
    @Override
    public boolean update(Contract c) {
        return jdbc.inTransaction(conn -> {
            try (var ps = Jdbc.prepare(conn, "UPDATE contracts SET name = ?, contractor = ?, department = ?, period_start = ?, "
                            + "period_end = ?, location = ?, updated_at = ? WHERE contract_no = ?",
                    c.name(), c.contractor(), c.department(), c.periodStart(), c.periodEnd(), c.location(), c.updatedAt(), c.no())) {
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            try (var ps = Jdbc.prepare(conn, "UPDATE archive_recordings SET department = ?, search_text = ? WHERE contract_no = ?",
                    c.department(), SearchText.ofContract(c.no().value(), c.name()), c.no())) {
                ps.executeUpdate();
            }
            try (var ps = Jdbc.prepare(conn, "UPDATE archive_recording_details SET contract_name = ?, contractor = ? WHERE session_id IN "
                    + "(SELECT session_id FROM archive_recordings WHERE contract_no = ?)", c.name(), c.contractor(), c.no())) {
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<Contract> find(ContractNo no) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM contracts WHERE contract_no = ?", JdbcContractRepository::map, no);
    }

    @Override
    public List<Contract> search(String text, String department, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM contracts WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            String like = "%" + escapeLike(text.strip().toLowerCase(java.util.Locale.ROOT)) + "%";
            sql.append(" AND (LOWER(contract_no) LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(contractor) LIKE ? ESCAPE '\\')");
            params.add(like);
            params.add(like);
            params.add(like);
        }
        if (department != null) {
            sql.append(" AND department = ?");
            params.add(department);
        }
        sql.append(" ORDER BY created_at DESC, contract_no LIMIT ? OFFSET ?");
        params.add(limit);
        params.add(offset);
        return jdbc.query(sql.toString(), JdbcContractRepository::map, params.toArray());
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Contract map(ResultSet rs) throws SQLException {
        return new Contract(ContractNo.of(rs.getString("contract_no")), rs.getString("name"), rs.getString("contractor"),
                rs.getString("department"), Jdbc.date(rs, "period_start"), Jdbc.date(rs, "period_end"),
                rs.getString("location"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }
}
