package jp.rinjo.archive.jdbc;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jp.rinjo.archive.index.ContractMatch;
import jp.rinjo.archive.index.SearchQuery;
import jp.rinjo.archive.index.SearchSort;
import jp.rinjo.common.time.Jst;

/**
 * Builds the first phase of a search: the session ids of one page, from the narrow
 * {@code archive_recordings} table only. The statement is shaped so that both databases walk one
 * index in the requested order and stop after the page:
 *
 * <ul>
 *   <li>a few matching contracts: {@code contract_no IN (…)} probes each contract's recordings;</li>
 *   <li>else an inspector or a department filter drives its composite index, and its column is put
 *       first in ORDER BY — it is constant there, but without it H2 does not see that the index is
 *       already in order and sorts every matching row;</li>
 *   <li>else the global time (or duration, or contract) index is walked.</li>
 * </ul>
 * Remaining filters (type, dates, broad text) are checked on the rows walked.
 */
final class SearchSql {
    final StringBuilder sql = new StringBuilder("SELECT session_id, recorded_from FROM archive_recordings WHERE 1 = 1");
    final List<Object> params = new ArrayList<>();

    private SearchSql() {
    }

    /** @param department the effective department filter (scope and query combined), or null */
    static SearchSql page(SearchQuery q, String department, ContractMatch contracts) {
        return rows(q, department, contracts, q.limit() + 1, q.offset());
    }

    /** The first {@code limit} matching rows after {@code offset}, in the query's order. */
    static SearchSql rows(SearchQuery q, String department, ContractMatch contracts, int limit, int offset) {
        SearchSql s = new SearchSql();
        String prefix = null;
        if (contracts instanceof ContractMatch.Listed listed) {
            s.sql.append(" AND contract_no IN (").append("?, ".repeat(listed.contractNos().size() - 1)).append("?)");
            listed.contractNos().stream().sorted().forEach(s.params::add);
        } else if (q.inspectorId() != null) {
            s.where("inspector_id = ?", q.inspectorId());
            prefix = q.sort() == SearchSort.RECORDED_AT ? "inspector_id" : null;
        } else if (department != null) {
            s.where("department = ?", department);
            prefix = "department";
            department = null;
        }
        if (department != null) {
            s.where("department = ?", department);
        }
        if (q.inspectorId() != null && contracts instanceof ContractMatch.Listed) {
            s.where("inspector_id = ?", q.inspectorId());
        }
        if (q.type() != null) {
            s.where("inspection_type = ?", q.type().name());
        }
        if (q.from() != null) {
            s.where("recorded_from >= ?", startOfDay(q.from()));
        }
        if (q.to() != null) {
            s.where("recorded_from < ?", startOfDay(q.to().plusDays(1)));
        }
        if (contracts instanceof ContractMatch.Broad broad) {
            for (String term : broad.terms()) {
                s.where("search_text LIKE ? ESCAPE '\\'", "%" + escapeLike(term) + "%");
            }
        }
        s.sql.append(" ORDER BY ").append(order(q, prefix)).append(" LIMIT ? OFFSET ?");
        s.params.add(limit);
        s.params.add(offset);
        return s;
    }

    private void where(String condition, Object value) {
        sql.append(" AND ").append(condition);
        params.add(value);
    }

    /**
     * The indexes run time and duration newest/longest first and contracts ascending; the requested
     * order is the index's (forward) or its exact reverse (backward), and a constant prefix column
     * must run in the same direction for the index to stay usable.
     */
    static String order(SearchQuery q, String prefix) {
        boolean forward = q.sort() == SearchSort.CONTRACT_NO ? !q.descending() : q.descending();
        String ahead = forward ? "DESC" : "ASC";
        String columns = switch (q.sort()) {
            case RECORDED_AT -> "recorded_from " + ahead + ", session_id " + ahead;
            case DURATION -> "duration_ms " + ahead + ", session_id " + ahead;
            // department between: it follows from the contract, and it is the contract index's second column
            case CONTRACT_NO -> "contract_no " + (forward ? "ASC" : "DESC") + (prefix == null ? ", department " + (forward ? "ASC" : "DESC") : "")
                    + ", recorded_from " + ahead + ", session_id " + ahead;
        };
        return prefix == null ? columns : prefix + (forward ? " ASC" : " DESC") + ", " + columns;
    }

    static java.time.Instant startOfDay(LocalDate day) {
        return day.atStartOfDay(Jst.ZONE).toInstant();
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
