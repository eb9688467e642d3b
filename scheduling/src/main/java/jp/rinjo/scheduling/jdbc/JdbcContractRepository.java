package jp.rinjo.scheduling.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.text.SearchText;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.contract.ContractRepository;

public final class JdbcContractRepository implements ContractRepository {
    private static final Logger log = LoggerFactory.getLogger(JdbcContractRepository.class);
    private static final String COLUMNS =
            "contract_no, name, contractor, department, period_start, period_end, location, created_at, updated_at";
    private static final String INSERT = "INSERT INTO contracts (" + COLUMNS + ", no_key, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Normal forms per IN (...) query: well below every driver's parameter limit. */
    private static final int CHUNK = 500;
    private final Jdbc jdbc;

    public JdbcContractRepository(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public void insert(Contract c) {
        try {
            jdbc.update(INSERT, insertParams(c));
        } catch (RinjoException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                throw RinjoException.conflict("契約番号 " + c.no() + " is already registered");
            }
            throw e;
        }
    }

    private static Object[] insertParams(Contract c) {
        return new Object[] {c.no(), c.name(), c.contractor(), c.department(), c.periodStart(), c.periodEnd(), c.location(),
                c.createdAt(), c.updatedAt(), ContractNo.normalForm(c.no().value()), searchText(c.no().value(), c.name(), c.contractor())};
    }

    /**
     * The normal forms are looked up again inside the transaction: a number registered by someone else
     * since the caller checked makes the whole batch a conflict instead of a second spelling of it.
     */
    @Override
    public void insertAll(List<Contract> batch) {
        jdbc.inTransaction(conn -> {
            Map<String, ContractNo> taken = findByNormalForms(conn, batch.stream().map(c -> ContractNo.normalForm(c.no().value())).toList());
            if (!taken.isEmpty()) {
                throw RinjoException.conflict("契約番号 " + String.join(", ", taken.values().stream().map(ContractNo::value).sorted().toList())
                        + " has been registered meanwhile; nothing was registered");
            }
            try (var ps = conn.prepareStatement(INSERT)) {
                for (Contract c : batch) {
                    Jdbc.bind(ps, insertParams(c));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<String, ContractNo> findByNormalForms(Collection<String> normalForms) {
        return jdbc.withConnection(conn -> findByNormalForms(conn, normalForms));
    }

    private static Map<String, ContractNo> findByNormalForms(Connection conn, Collection<String> normalForms) throws SQLException {
        List<String> keys = List.copyOf(new java.util.LinkedHashSet<>(normalForms));
        Map<String, ContractNo> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (var ps = Jdbc.prepare(conn, "SELECT no_key, contract_no FROM contracts WHERE no_key IN (" + marks + ") ORDER BY created_at",
                    chunk.toArray()); var rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.putIfAbsent(rs.getString(1), ContractNo.of(rs.getString(2)));
                }
            }
        }
        return found;
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
                            + "period_end = ?, location = ?, updated_at = ?, search_text = ? WHERE contract_no = ?",
                    c.name(), c.contractor(), c.department(), c.periodStart(), c.periodEnd(), c.location(), c.updatedAt(),
                    searchText(c.no().value(), c.name(), c.contractor()), c.no())) {
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
    public Optional<ContractNo> findByNormalForm(String normalForm) {
        return jdbc.queryOne("SELECT contract_no FROM contracts WHERE no_key = ? ORDER BY created_at",
                rs -> ContractNo.of(rs.getString(1)), normalForm);
    }

    /**
     * Computes no_key and search_text (V7__contract_normal_forms.sql) for contracts written without
     * them, and reports numbers stored before that share a normal form: each stays its own contract,
     * as its recordings are filed under it, but an operator should know.
     */
    public void fillNormalForms() {
        List<String[]> missing = jdbc.query("SELECT contract_no, name, contractor FROM contracts WHERE no_key IS NULL OR search_text IS NULL",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        for (String[] row : missing) {
            jdbc.update("UPDATE contracts SET no_key = ?, search_text = ? WHERE contract_no = ?",
                    ContractNo.normalForm(row[0]), searchText(row[0], row[1], row[2]), row[0]);
        }
        if (!missing.isEmpty()) {
            for (String key : jdbc.query("SELECT no_key FROM contracts GROUP BY no_key HAVING COUNT(*) > 1", rs -> rs.getString(1))) {
                log.warn("contracts {} are one 契約番号 typed in different forms; new contracts can no longer be registered so",
                        jdbc.query("SELECT contract_no FROM contracts WHERE no_key = ?", rs -> rs.getString(1), key));
            }
        }
    }

    /** Fields joined by a line break, which a search text cannot contain, so no match spans two of them. */
    private static String searchText(String no, String name, String contractor) {
        return SearchText.normalize(no + "\n" + name + "\n" + contractor);
    }

    @Override
    public List<Contract> search(String text, String department, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM contracts WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            sql.append(" AND search_text LIKE ? ESCAPE '\\'");
            params.add("%" + escapeLike(SearchText.normalize(text)) + "%");
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
