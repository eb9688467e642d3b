package jp.rinjo.scheduling.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.user.User;

/**
 * One administrative act for the audit log: who did it (as the account was then), what, and to which
 * session or contract.
 *
 * @param session  the session (its recording has the same id), or null
 * @param contract the contract, or null for an act on many (a CSV import)
 * @param detail   what else an auditor needs, in order: strings, numbers or booleans (nulls left out)
 */
public record AdminAct(AdminAction action, User by, SessionId session, ContractNo contract, Map<String, Object> detail) {
    public AdminAct {
        Require.present(action, "action");
        Require.present(by, "by");
        LinkedHashMap<String, Object> kept = new LinkedHashMap<>();
        detail.forEach((k, v) -> {
            if (v != null) {
                Require.that(v instanceof String || v instanceof Number || v instanceof Boolean, "detail " + k + " is not a plain value");
                kept.put(k, v);
            }
        });
        detail = java.util.Collections.unmodifiableMap(kept);
    }

    /** The detail from name/value pairs, in that order. */
    public static Map<String, Object> detail(Object... pairs) {
        Require.that(pairs.length % 2 == 0, "detail needs name/value pairs");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(String.valueOf(pairs[i]), pairs[i + 1]);
        }
        return m;
    }
}
