package jp.rinjo.archive.audit;

/**
 * What checking the whole audit chain found.
 *
 * @param rows      rows read
 * @param headSeq   the last row's seq (0 when empty): note it with {@code headHash}; a later check whose
 *                  chain no longer reaches it shows rows were removed from the end
 * @param firstBadSeq the first row whose hash, link or number is wrong; null when all hold
 * @param problem     what is wrong with it, in English
 * @param problemCode the same for a page to say in its language: {@value #MISSING} (the row is not there),
 *                    {@value #UNLINKED} (it does not name the hash of the row before it) or {@value #ALTERED}
 *                    (its content no longer gives its hash); null when all hold
 */
public record ChainCheck(boolean ok, long rows, long headSeq, String headHash, Long firstBadSeq, String problem, String problemCode) {
    public static final String MISSING = "missing";
    public static final String UNLINKED = "unlinked";
    public static final String ALTERED = "altered";
}
