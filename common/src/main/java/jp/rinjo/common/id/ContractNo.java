package jp.rinjo.common.id;

import jp.rinjo.common.error.RinjoException;

/**
 * 契約番号: the department's own contract number, the natural key recordings are filed under for
 * years. Departments write these with kanji (e.g. {@code R8土木第123号}), so any printable text is
 * allowed, but it appears as one object-store path segment: no '/', '\', control characters, no
 * leading dot, at most 40 characters.
 */
public record ContractNo(String value) {
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

    @Override
    public String toString() {
        return value;
    }
}
