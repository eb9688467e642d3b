package jp.rinjo.archive.audit;

/**
 * What checking the whole audit chain found.
 *
 * @param rows      rows read
 * @param headSeq   the last row's seq (0 when empty): note it with {@code headHash}; a later check whose
 *                  chain no longer reaches it shows rows were removed from the end
 * @param firstBadSeq the first row whose hash, link or number is wrong; null when all hold
 */
public record ChainCheck(boolean ok, long rows, long headSeq, String headHash, Long firstBadSeq, String problem) {
}
