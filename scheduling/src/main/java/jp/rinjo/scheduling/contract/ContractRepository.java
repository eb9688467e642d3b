package jp.rinjo.scheduling.contract;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.rinjo.common.id.ContractNo;

public interface ContractRepository {
    /** @throws jp.rinjo.common.error.RinjoException CONFLICT when the number is taken */
    void insert(Contract contract);

    /**
     * Inserts all of them in one transaction, or none: also none when any of their numbers' normal
     * forms is registered already (CONFLICT naming it), as {@code register} refuses one.
     */
    void insertAll(List<Contract> contracts);

    /** @return false when no contract has that number */
    boolean update(Contract contract);

    Optional<Contract> find(ContractNo no);

    /** The contract whose number has this normal form ({@link ContractNo#normalForm}), the oldest if several. */
    Optional<ContractNo> findByNormalForm(String normalForm);

    /** {@link #findByNormalForm} for many at once: each normal form that is registered, with its (oldest) number. */
    Map<String, ContractNo> findByNormalForms(Collection<String> normalForms);

    /**
     * Partial match on 契約番号, 工事名 and 受注者 in their search form (NFKC, lower case, as the
     * archive searches), newest first.
     *
     * @param department only this department's contracts, or all when null
     */
    List<Contract> search(String text, String department, int limit, int offset);
}
