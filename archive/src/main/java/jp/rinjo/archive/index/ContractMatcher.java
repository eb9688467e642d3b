package jp.rinjo.archive.index;

import java.util.List;

/** Turns a search's words into the contracts they select. Blocking. */
public interface ContractMatcher {
    /**
     * @param terms      normalized words that must all occur in the contract's number or name
     * @param department only contracts of this department, or all when null
     */
    ContractMatch match(List<String> terms, String department);

    /** Every department that has contracts, sorted. */
    List<String> departments();
}
