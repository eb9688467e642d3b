package jp.rinjo.archive.retention;

import java.util.Optional;

import jp.rinjo.common.id.ContractNo;

/** Retention and legal hold per contract. Blocking (JDBC). */
public interface PolicyRepository {
    Optional<ContractPolicy> find(ContractNo contract);

    void save(ContractPolicy policy);
}
