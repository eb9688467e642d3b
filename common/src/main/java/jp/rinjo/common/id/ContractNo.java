package jp.rinjo.common.id;

import java.text.Normalizer;
import java.util.regex.Pattern;

import jp.rinjo.common.error.RinjoException;

/**
 * 契約番号: the department's own contract number, the natural key recordings are filed under for
 * years. Departments write these with kanji (e.g. {@code R8土木第123号}), so any printable text is
 * allowed, but it appears as one object-store path segment: no '/', '\', control characters, no
 * leading dot, at most 40 characters.
 *
 * <p>People type one number in several forms (IME full-width {@code Ｒ８道路第１２号}, Excel's
 * half-width): a number entered anew is {@link #normalized}, so that those forms name one contract.
 * Numbers read back from the database or the evidence store go through {@link #of} unchanged,
 * because recordings are already filed under them.
 */
public record ContractNo(String value) {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    public ContractNo {
        if (value == null || value.isBlank()) {
            throw RinjoException.invalid("契約番号 is required");
        }
        value = value.strip();
        if (value.codePointCount(0, value.length()) > 40) {
            throw RinjoException.invalid("契約番号 is longer than 40 characters");
        }
        if (value.startsWith(".") || value.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))) {
            throw RinjoException.invalid("契約番号 must not contain '/', '\\' or control characters, nor start with '.'");
        }
    }

    public static ContractNo of(String value) {
        return new ContractNo(value);
    }

    /** A number as a person entered it, in its normal form: NFKC, each run of white space one space. */
    public static ContractNo normalized(String typed) {
        return new ContractNo(normalForm(typed));
    }

    /** The normal form of any number, also one stored before numbers were normalised; not validated. */
    public static String normalForm(String value) {
        if (value == null) {
            return null;
        }
        return WHITESPACE.matcher(Normalizer.normalize(value, Normalizer.Form.NFKC)).replaceAll(" ").strip();
    }

    @Override
    public String toString() {
        return value;
    }
}
