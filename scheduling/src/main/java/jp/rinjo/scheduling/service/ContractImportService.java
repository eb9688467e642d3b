package jp.rinjo.scheduling.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.scheduling.audit.AdminAct;
import jp.rinjo.scheduling.audit.AdminAction;
import jp.rinjo.scheduling.audit.AdminAudit;
import jp.rinjo.scheduling.audit.Sha256;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.contract.ContractRepository;
import jp.rinjo.scheduling.contract.csv.ContractCsv;
import jp.rinjo.scheduling.contract.csv.ContractField;
import jp.rinjo.scheduling.service.ContractRowCheck.Checked;
import jp.rinjo.scheduling.service.ImportReport.Counts;
import jp.rinjo.scheduling.service.ImportReport.Problem;
import jp.rinjo.scheduling.service.ImportReport.RowResult;
import jp.rinjo.scheduling.service.ImportReport.RowStatus;
import jp.rinjo.scheduling.user.User;

/**
 * Registers the contracts of a CSV file (契約の一括登録), by the rules of {@link ContractService#register}:
 * who may register, for which department, the number's normal form. Two steps: a dry run judges every
 * row and writes nothing; the import writes all the new contracts in one transaction, or none when any
 * row has a fault, so the user fixes the file and imports it again as a whole. A number registered
 * already, in any typed form, is reported and skipped, never overwritten: importing a file twice
 * registers its contracts once. Blocking.
 */
public final class ContractImportService {
    private static final Logger log = LoggerFactory.getLogger(ContractImportService.class);
    private final ContractRepository contracts;
    private final AdminAudit audit;
    private final Clock clock;

    public ContractImportService(ContractRepository contracts, AdminAudit audit, Clock clock) {
        this.contracts = contracts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @throws jp.rinjo.scheduling.contract.csv.CsvFileException when the file cannot be read as a contracts CSV at all
     * @throws jp.rinjo.common.error.RinjoException FORBIDDEN for whoever may not register contracts (clerks, guests);
     *         CONFLICT when a number was registered by someone else between the check and the write (nothing written)
     */
    public ImportReport importCsv(Actor actor, byte[] csv, boolean dryRun) {
        User user = AccessPolicy.requireManage(actor, AccessPolicy.loggedIn(actor).department());
        ContractCsv.Sheet sheet = ContractCsv.read(csv);
        ContractRowCheck check = new ContractRowCheck(user);
        List<Checked> checked = sheet.rows().stream().map(check::check).toList();
        Map<String, ContractNo> registered = contracts.findByNormalForms(
                checked.stream().map(Checked::noKey).filter(k -> k != null).distinct().toList());

        Map<String, Integer> firstRowOf = new LinkedHashMap<>();
        List<RowResult> results = new ArrayList<>();
        List<Contract> toCreate = new ArrayList<>();
        Instant now = clock.instant();
        int duplicates = 0;
        int errors = 0;
        for (Checked c : checked) {
            ContractNo existing = c.noKey() == null ? null : registered.get(c.noKey());
            Integer first = c.noKey() == null ? null : firstRowOf.putIfAbsent(c.noKey(), c.row());
            if (existing != null) {
                duplicates++;
                results.add(new RowResult(c.row(), c.values().no(), RowStatus.DUPLICATE, c.values(),
                        List.of(exists(existing)), existing.value()));
                continue;
            }
            List<Problem> problems = new ArrayList<>(c.problems());
            if (first != null) {
                problems.add(0, ContractRowCheck.problem(ContractField.NO, "repeated", "契約番号がこのファイルの" + first
                        + "行目と同じです。1行にまとめてください。", Map.of("row", String.valueOf(first))));
            }
            if (!problems.isEmpty()) {
                errors++;
                results.add(new RowResult(c.row(), c.values().no(), RowStatus.ERROR, c.values(), problems, null));
                continue;
            }
            var v = c.values();
            toCreate.add(new Contract(ContractNo.normalized(v.no()), v.name(), v.contractor(), v.department(), c.start(), c.end(),
                    v.location(), now, now));
            results.add(new RowResult(c.row(), v.no(), RowStatus.CREATE, v, List.of(), null));
        }
        boolean commit = !dryRun && errors == 0;
        if (commit) {
            // audited even when every row was registered already: the file was imported, and said so
            String sha256 = Sha256.hex(csv);
            audit.audited(new AdminAct(AdminAction.CONTRACT_IMPORT, user, null, null, AdminAct.detail("registered", toCreate.size(),
                    "skipped", duplicates, "rows", results.size(), "departments", departments(toCreate), "fileSha256", sha256)), () -> {
                if (!toCreate.isEmpty()) {
                    contracts.insertAll(toCreate);
                }
                return null;
            });
            log.info("contracts imported from CSV by {} ({}): {} registered, {} already registered and skipped; file SHA-256 {}",
                    user.loginName(), user.department(), toCreate.size(), duplicates, sha256);
            results = results.stream().map(r -> r.status() == RowStatus.CREATE
                    ? new RowResult(r.row(), r.no(), RowStatus.CREATED, r.values(), r.problems(), r.existing()) : r).toList();
        }
        return new ImportReport(dryRun, commit, sheet.encoding(), sheet.headerRow(), sheet.ignoredColumns(),
                new Counts(results.size(), toCreate.size(), duplicates, errors), results);
    }

    /** Those the registered contracts belong to (whose recordings' visibility the import decided), or null for none. */
    private static String departments(List<Contract> registered) {
        return registered.isEmpty() ? null : String.join(", ", new java.util.TreeSet<>(registered.stream().map(Contract::department).toList()));
    }

    private static Problem exists(ContractNo existing) {
        return ContractRowCheck.problem(ContractField.NO, "exists", "契約番号 " + existing + " は登録済みです。上書きせずにスキップします。",
                Map.of("existing", existing.value()));
    }
}
