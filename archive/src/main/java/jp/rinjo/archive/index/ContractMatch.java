package jp.rinjo.archive.index;

import java.util.List;
import java.util.Set;

import jp.rinjo.common.error.Require;

/**
 * Which contracts a search's text selects: every contract (no text), none, a few named ones (then
 * the search probes each contract's recordings by index), or many (then it walks the recordings in
 * order and keeps those whose contract text matches; many matches are found within a few rows).
 */
public sealed interface ContractMatch {
    record All() implements ContractMatch {
    }

    record None() implements ContractMatch {
    }

    record Listed(Set<String> contractNos) implements ContractMatch {
        public Listed {
            contractNos = Set.copyOf(contractNos);
            Require.that(!contractNos.isEmpty(), "a listed match names contracts");
        }
    }

    /** @param terms normalized words that must all occur in the recording's search text */
    record Broad(List<String> terms) implements ContractMatch {
        public Broad {
            terms = List.copyOf(terms);
        }
    }
}
