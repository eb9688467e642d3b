package jp.rinjo.archive.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jp.rinjo.archive.index.ContractMatch;
import jp.rinjo.archive.index.ContractRef;
import jp.rinjo.archive.index.EvidenceInfo;
import jp.rinjo.archive.index.InspectionInfo;
import jp.rinjo.archive.index.Integrity;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RecordingIndex;
import jp.rinjo.archive.index.SearchPage;
import jp.rinjo.archive.index.SearchQuery;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.text.SearchText;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.Jdbc;
import jp.rinjo.scheduling.session.InspectionType;

/**
 * The recordings index in {@code archive_recordings} (narrow: what search filters and sorts on) and
 * {@code archive_recording_details} (what a result shows), written together in one transaction.
 */
public final class JdbcRecordingIndex implements RecordingIndex {
    private static final String DETAIL_COLUMNS = "contract_name, contractor, inspector_name, place, result_kind, window_start, "
            + "window_end, recorded_to, size_bytes, tracks, segments, gaps, markers, stills, participants, renditions, object_prefix, "
            + "manifest_sha256, signing_key_id, timestamped, sealed_at, integrity, integrity_at, integrity_detail, integrity_findings, indexed_at";
    private static final String SELECT = "SELECT r.session_id, r.contract_no, r.department, r.inspection_type, r.inspector_id, "
            + "r.recorded_from, d.* FROM archive_recordings r JOIN archive_recording_details d ON d.session_id = r.session_id";
    private final Jdbc jdbc;

    public JdbcRecordingIndex(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public Upsert upsert(RecordingEntry e) {
        try {
            return jdbc.inTransaction(c -> upsert(c, e));
        } catch (RinjoException ex) {
            if (ex.code() != ErrorCode.CONFLICT) {
                throw ex;
            }
            // indexed at the same moment by the seal listener and a reindex: the other insert won, update it
            return jdbc.inTransaction(c -> upsert(c, e));
        }
    }

    private Upsert upsert(Connection c, RecordingEntry e) throws SQLException {
        Optional<String> indexedManifest;
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT manifest_sha256 FROM archive_recording_details WHERE session_id = ?",
                e.sessionId()); ResultSet rs = ps.executeQuery()) {
            indexedManifest = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
        Object[] narrow = {e.contract().no(), e.contract().department(),
                SearchText.ofContract(e.contract().no().value(), e.contract().name()), e.inspection().type(), e.inspection().inspectorId(),
                e.recordedFrom(), e.duration().toMillis(), e.sessionId()};
        raiseContractLatest(c, e.contract().no().value(), e.recordedFrom());
        if (indexedManifest.isEmpty()) {
            exec(c, "INSERT INTO archive_recordings (contract_no, department, search_text, inspection_type, inspector_id, recorded_from, "
                    + "duration_ms, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", narrow);
            exec(c, "INSERT INTO archive_recording_details (" + DETAIL_COLUMNS + ", session_id) VALUES ("
                    + "?, ".repeat(26) + "?)", details(e, e.integrity()));
            return Upsert.INSERTED;
        }
        exec(c, "UPDATE archive_recordings SET contract_no = ?, department = ?, search_text = ?, inspection_type = ?, inspector_id = ?, "
                + "recorded_from = ?, duration_ms = ? WHERE session_id = ?", narrow);
        Integrity integrity = indexedManifest.get().equals(e.evidence().manifestSha256()) ? null
                : Integrity.failed(e.indexedAt(), Integrity.manifestNotIndexed(e.evidence().manifestSha256(), indexedManifest.get()));
        if (integrity == null) {
            // keep what the last verification found: reindexing is not verifying
            exec(c, "UPDATE archive_recording_details SET " + DETAIL_COLUMNS.replace(", integrity, integrity_at, integrity_detail, integrity_findings", "")
                    .replace(", ", " = ?, ") + " = ? WHERE session_id = ?", withoutIntegrity(details(e, e.integrity())));
        } else {
            Object[] values = details(e, integrity);
            values[17] = indexedManifest.get(); // the sealed manifest's hash stays the reference
            exec(c, "UPDATE archive_recording_details SET " + DETAIL_COLUMNS.replace(", ", " = ?, ") + " = ? WHERE session_id = ?", values);
        }
        return Upsert.UPDATED;
    }

    /** Keeps archive_contract_latest an upper bound of the contract's recordings (V4__archive_contract_latest.sql). */
    private static void raiseContractLatest(Connection c, String contractNo, java.time.Instant recordedFrom) throws SQLException {
        try (PreparedStatement up = Jdbc.prepare(c, "UPDATE archive_contract_latest SET recorded_from = ? WHERE contract_no = ? "
                + "AND recorded_from < ?", recordedFrom, contractNo, recordedFrom)) {
            up.executeUpdate();
        }
        // a second indexer inserting the same new contract at once fails on the key, and upsert retries
        exec(c, "INSERT INTO archive_contract_latest (contract_no, recorded_from) SELECT ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM archive_contract_latest WHERE contract_no = ?)", contractNo, recordedFrom, contractNo);
    }

    private static Object[] details(RecordingEntry e, Integrity integrity) {
        EvidenceInfo ev = e.evidence();
        InspectionInfo in = e.inspection();
        return new Object[] {e.contract().name(), e.contract().contractor(), in.inspectorName(), in.place(), in.resultKind(),
                in.windowStart(), in.windowEnd(), e.recordedTo(), ev.sizeBytes(), ev.tracks(), ev.segments(), ev.gaps(), ev.markers(),
                ev.stills(), IndexJson.write(e.participants()), IndexJson.write(e.renditions()), ev.objectPrefix(), ev.manifestSha256(),
                ev.signingKeyId(), ev.timestamped(), ev.sealedAt(), integrity.status(), integrity.checkedAt(), integrity.detail(),
                IndexJson.writeFindings(integrity.findings(), integrity.errors()), e.indexedAt(), e.sessionId()};
    }

    /** The detail values without integrity, integrity_at, integrity_detail, integrity_findings (positions 21–24). */
    private static Object[] withoutIntegrity(Object[] all) {
        Object[] out = new Object[all.length - 4];
        System.arraycopy(all, 0, out, 0, 21);
        System.arraycopy(all, 25, out, 21, all.length - 25);
        return out;
    }

    private static void exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, sql, params)) {
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<RecordingEntry> find(SessionId session) {
        return jdbc.queryOne(SELECT + " WHERE r.session_id = ?", JdbcRecordingIndex::map, session);
    }

    @Override
    public SearchPage search(SearchQuery q, String departmentScope, ContractMatch contracts) {
        if (contracts instanceof ContractMatch.None
                || (departmentScope != null && q.department() != null && !departmentScope.equals(q.department()))) {
            return SearchPage.empty(q.offset(), q.limit());
        }
        String department = departmentScope != null ? departmentScope : q.department();
        if (contracts instanceof ContractMatch.Listed listed && listed.contractNos().size() > NEWEST_FIRST_FROM
                && q.sort() == jp.rinjo.archive.index.SearchSort.RECORDED_AT && q.descending()) {
            return jdbc.withConnection(c -> {
                List<String> ids = newestFirst(c, q, department, listed);
                int end = Math.min(ids.size(), q.offset() + q.limit());
                List<String> shown = q.offset() >= end ? List.of() : ids.subList(q.offset(), end);
                return new SearchPage(fetch(c, shown), q.offset(), q.limit(), ids.size() > q.offset() + q.limit());
            });
        }
        SearchSql page = SearchSql.page(q, department, contracts);
        return jdbc.withConnection(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, page.sql.toString(), page.params.toArray()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            boolean more = ids.size() > q.limit();
            List<String> shown = more ? ids.subList(0, q.limit()) : ids;
            return new SearchPage(fetch(c, shown), q.offset(), q.limit(), more);
        });
    }

    /** From this many matching contracts on, a newest-first search reads them in batches (below). */
    static final int NEWEST_FIRST_FROM = 8;
    private static final int BATCH = 8;

    private record Found(String sessionId, java.time.Instant recordedFrom) {
    }

    private static final java.util.Comparator<Found> NEWEST = java.util.Comparator.comparing(Found::recordedFrom)
            .thenComparing(Found::sessionId).reversed();

    /**
     * The ids of the first {@code offset + limit + 1} matches, newest first, for a search matching
     * many contracts. Reading every recording of a few hundred contracts to keep twenty costs tens of
     * milliseconds on H2; instead the contracts are taken in order of their newest recording
     * (archive_contract_latest), a batch at a time, and the walk stops once the next contract's newest
     * recording is older than the last row the page needs: no later contract can change the page.
     */
    private static List<String> newestFirst(Connection c, SearchQuery q, String department, ContractMatch.Listed listed)
            throws SQLException {
        record Contract(String no, java.time.Instant newest) {
        }
        List<Contract> contracts = new ArrayList<>();
        List<String> nos = listed.contractNos().stream().sorted().toList();
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT contract_no, recorded_from FROM archive_contract_latest WHERE contract_no IN ("
                + "?, ".repeat(nos.size() - 1) + "?)", nos.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                contracts.add(new Contract(rs.getString(1), Jdbc.instant(rs, "recorded_from")));
            }
        }
        contracts.sort(java.util.Comparator.comparing(Contract::newest).reversed());
        int need = q.offset() + q.limit() + 1;
        List<Found> rows = new ArrayList<>();
        for (int i = 0; i < contracts.size(); i += BATCH) {
            if (rows.size() >= need && contracts.get(i).newest().isBefore(rows.get(need - 1).recordedFrom())) {
                break;
            }
            java.util.Set<String> batch = new java.util.HashSet<>();
            contracts.subList(i, Math.min(contracts.size(), i + BATCH)).forEach(k -> batch.add(k.no()));
            SearchSql sql = SearchSql.rows(q, department, new ContractMatch.Listed(batch), need, 0);
            try (PreparedStatement ps = Jdbc.prepare(c, sql.sql.toString(), sql.params.toArray()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Found(rs.getString(1), Jdbc.instant(rs, "recorded_from")));
                }
            }
            rows.sort(NEWEST);
            if (rows.size() > need) {
                rows.subList(need, rows.size()).clear();
            }
        }
        return rows.stream().map(Found::sessionId).toList();
    }

    /** Second phase: the page's rows by primary key, in the order the first phase found them. */
    private static List<RecordingEntry> fetch(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, RecordingEntry> byId = new HashMap<>();
        try (PreparedStatement ps = Jdbc.prepare(c, SELECT + " WHERE r.session_id IN (" + "?, ".repeat(ids.size() - 1) + "?)",
                ids.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RecordingEntry e = map(rs);
                byId.put(e.sessionId().value(), e);
            }
        }
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public void setIntegrity(SessionId session, Integrity i) {
        jdbc.update("UPDATE archive_recording_details SET integrity = ?, integrity_at = ?, integrity_detail = ?, integrity_findings = ? "
                + "WHERE session_id = ?", i.status(), i.checkedAt(), i.detail(), IndexJson.writeFindings(i.findings(), i.errors()), session);
    }

    @Override
    public boolean delete(SessionId session) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement d = Jdbc.prepare(c, "DELETE FROM archive_recording_details WHERE session_id = ?", session);
                 PreparedStatement r = Jdbc.prepare(c, "DELETE FROM archive_recordings WHERE session_id = ?", session)) {
                d.executeUpdate();
                return r.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void forEachSession(Consumer<SessionId> each) {
        jdbc.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT session_id FROM archive_recordings")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(SessionId.of(rs.getString(1)));
                    }
                }
            }
            return null;
        });
    }

    private static RecordingEntry map(ResultSet rs) throws SQLException {
        ContractRef contract = new ContractRef(ContractNo.of(rs.getString("contract_no")), rs.getString("contract_name"),
                rs.getString("contractor"), rs.getString("department"));
        InspectionInfo inspection = new InspectionInfo(InspectionType.valueOf(rs.getString("inspection_type")), rs.getString("inspector_id"),
                rs.getString("inspector_name"), rs.getString("place"), rs.getString("result_kind"), Jdbc.instant(rs, "window_start"),
                Jdbc.instant(rs, "window_end"));
        EvidenceInfo evidence = new EvidenceInfo(rs.getString("object_prefix"), rs.getString("manifest_sha256"),
                rs.getString("signing_key_id"), rs.getBoolean("timestamped"), Jdbc.instant(rs, "sealed_at"), rs.getLong("size_bytes"),
                rs.getInt("tracks"), rs.getInt("segments"), rs.getInt("gaps"), rs.getInt("markers"), rs.getInt("stills"));
        IndexJson.StoredFindings stored = IndexJson.findings(rs.getString("integrity_findings"));
        Integrity integrity = new Integrity(Integrity.Status.valueOf(rs.getString("integrity")), Jdbc.instant(rs, "integrity_at"),
                rs.getString("integrity_detail"), stored.findings(), stored.errors());
        return new RecordingEntry(SessionId.of(rs.getString("session_id")), contract, inspection, Jdbc.instant(rs, "recorded_from"),
                Jdbc.instant(rs, "recorded_to"), evidence, IndexJson.participants(rs.getString("participants")),
                IndexJson.renditions(rs.getString("renditions")), integrity, Jdbc.instant(rs, "indexed_at"));
    }
}
