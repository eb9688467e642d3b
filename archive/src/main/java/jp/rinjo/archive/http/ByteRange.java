package jp.rinjo.archive.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * One byte range of an object, from an HTTP {@code Range} header (RFC 9110 §14): {@code bytes=a-b},
 * {@code bytes=a-} or {@code bytes=-n}. What players send to seek. A header this does not
 * understand, or several ranges, is ignored (the whole object is sent, as the RFC allows); a range
 * starting past the end is refused (416).
 */
record ByteRange(long start, long length) {
    private static final Pattern SINGLE = Pattern.compile("bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    long end() {
        return start + length - 1;
    }

    String contentRange(long size) {
        return "bytes " + start + "-" + end() + "/" + size;
    }

    /** @return empty: send the whole object (no header, or one to ignore) */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) { // the last n bytes
                long n = Long.parseLong(m.group(2));
                if (n == 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                long length = Math.min(n, size);
                return Optional.of(new ByteRange(size - length, length));
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (start >= size) {
                throw unsatisfiable(size);
            }
            if (end < start) {
                return Optional.empty(); // syntactically invalid: ignored
            }
            return Optional.of(new ByteRange(start, end - start + 1));
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than a long: ignored
        }
    }

    static RinjoException unsatisfiable(long size) {
        return new RinjoException(ErrorCode.RANGE_NOT_SATISFIABLE, "the range is outside the object (" + size + " bytes)");
    }
}
