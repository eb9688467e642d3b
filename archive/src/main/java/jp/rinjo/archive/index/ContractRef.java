package jp.rinjo.archive.index;

import jp.rinjo.common.id.ContractNo;

/**
 * The contract a recording is filed under, as the index carries it (kept in step with the contracts
 * table). An empty department means the contract is unknown to this database: only admins see it.
 */
public record ContractRef(ContractNo no, String name, String contractor, String department) {
    public ContractRef {
        jp.rinjo.common.error.Require.present(no, "contract no");
        name = name == null ? "" : name;
        contractor = contractor == null ? "" : contractor;
        department = department == null ? "" : department;
    }
}
