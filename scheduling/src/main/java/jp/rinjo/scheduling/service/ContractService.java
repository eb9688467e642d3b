package jp.rinjo.scheduling.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.time.PlausibleDates;
import jp.rinjo.scheduling.audit.AdminAct;
import jp.rinjo.scheduling.audit.AdminAction;
import jp.rinjo.scheduling.audit.AdminAudit;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.contract.ContractRepository;
import jp.rinjo.scheduling.user.User;

/**
 * Registering and finding contracts, within the caller's department. Registering and changing one are
 * audited (the contracts table does not say who did it). Blocking.
 */
public final class ContractService {
    private static final Logger log = LoggerFactory.getLogger(ContractService.class);
    public static final int MAX_PAGE = 200;
    private final ContractRepository contracts;
    private final AdminAudit audit;
    private final Clock clock;

    public record ContractDraft(String no, String name, String contractor, String department, LocalDate periodStart,
                                LocalDate periodEnd, String location) {
    }

    public ContractService(ContractRepository contracts, AdminAudit audit, Clock clock) {
        this.contracts = contracts;
        this.audit = audit;
        this.clock = clock;
    }

    public Contract register(Actor actor, ContractDraft d) {
        String department = d.department() == null || d.department().isBlank()
                ? AccessPolicy.loggedIn(actor).department() : d.department();
        User by = AccessPolicy.requireManage(actor, department);
        requirePlausiblePeriod(d);
        Instant now = clock.instant();
        ContractNo no = ContractNo.normalized(Require.present(d.no(), "契約番号 (no)"));
        contracts.findByNormalForm(no.value()).ifPresent(existing -> {
            throw RinjoException.conflict("契約番号 " + no + " is already registered"
                    + (existing.equals(no) ? "" : " as " + existing + " (the same number in other characters)"));
        });
        Contract c = new Contract(no, d.name(), d.contractor(), department, d.periodStart(),
                d.periodEnd(), d.location(), now, now);
        audit.audited(new AdminAct(AdminAction.CONTRACT_REGISTER, by, null, no, AdminAct.detail("department", department)), () -> {
            contracts.insert(c);
            return null;
        });
        log.info("contract {} registered by {} ({})", no, by.loginName(), department);
        return c;
    }

    public Contract update(Actor actor, ContractNo no, ContractDraft d) {
        Contract existing = get(actor, no);
        String department = d.department() == null || d.department().isBlank() ? existing.department() : d.department();
        AccessPolicy.requireManage(actor, existing.department());
        User by = AccessPolicy.requireManage(actor, department);
        requirePlausiblePeriod(d);
        Contract c = new Contract(no, d.name(), d.contractor(), department, d.periodStart(), d.periodEnd(), d.location(),
                existing.createdAt(), clock.instant());
        String changed = changedFields(existing, c); // empty when saved unchanged, which is audited all the same
        audit.audited(new AdminAct(AdminAction.CONTRACT_UPDATE, by, null, no, AdminAct.detail("changed", changed,
                "department", department, "previousDepartment", department.equals(existing.department()) ? null : existing.department())),
                () -> {
                    if (!contracts.update(c)) {
                        throw RinjoException.notFound("contract " + no);
                    }
                    return null;
                });
        log.info("contract {} changed by {} ({})", no, by.loginName(), changed);
        return c;
    }

    /** The fields that differ, by their API names, comma-separated. */
    private static String changedFields(Contract before, Contract after) {
        List<String> changed = new java.util.ArrayList<>();
        if (!before.name().equals(after.name())) {
            changed.add("name");
        }
        if (!before.contractor().equals(after.contractor())) {
            changed.add("contractor");
        }
        if (!before.department().equals(after.department())) {
            changed.add("department");
        }
        if (!before.periodStart().equals(after.periodStart())) {
            changed.add("periodStart");
        }
        if (!before.periodEnd().equals(after.periodEnd())) {
            changed.add("periodEnd");
        }
        if (!java.util.Objects.equals(before.location(), after.location())) {
            changed.add("location");
        }
        return String.join(",", changed);
    }

    private static void requirePlausiblePeriod(ContractDraft d) {
        PlausibleDates.require(d.periodStart(), "工期開始 (periodStart)");
        PlausibleDates.require(d.periodEnd(), "工期終了 (periodEnd)");
    }

    public Contract get(Actor actor, ContractNo no) {
        Contract c = contracts.find(no).orElseThrow(() -> RinjoException.notFound("contract " + no));
        AccessPolicy.requireRead(actor, c.department());
        return c;
    }

    public List<Contract> search(Actor actor, String text, int limit, int offset) {
        Require.that(limit >= 1 && limit <= MAX_PAGE, "limit must be 1–" + MAX_PAGE);
        Require.that(offset >= 0, "offset must not be negative");
        Require.that(text == null || text.length() <= 100, "search text is longer than 100 characters");
        Require.that(text == null || text.chars().noneMatch(Character::isISOControl), "search text contains control characters");
        return contracts.search(text, AccessPolicy.departmentFilter(actor), limit, offset);
    }
}
