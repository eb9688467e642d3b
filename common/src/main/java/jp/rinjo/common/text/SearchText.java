package jp.rinjo.common.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normal form text is matched in: NFKC (full-width Ｒ８ and half-width ｶﾅ become R8 and カナ,
 * as people type either) then lower case. Stored search columns and typed queries both go through
 * it, so a partial match compares like with like.
 */
public final class SearchText {
    private SearchText() {
    }

    public static String normalize(String s) {
        if (s == null) {
            return "";
        }
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }

    /** What a contract is found by: its number and its name (工事名). */
    public static String ofContract(String contractNo, String name) {
        return normalize(contractNo + " " + name);
    }
}
