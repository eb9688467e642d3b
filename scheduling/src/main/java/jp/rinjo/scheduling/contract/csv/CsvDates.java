package jp.rinjo.scheduling.contract.csv;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as they come out of Excel and contract systems in Japan: 2026/4/1 (Excel's own CSV form),
 * 2026-04-01, 2026.4.1, 20260401, 2026年4月1日, and the era forms municipal documents use, 令和8年4月1日
 * and R8.4.1 (平成 / H too). Full-width digits are fine; a time of day after the date (Excel writes
 * 2026/4/1 0:00 for a cell formatted as date and time) is ignored.
 */
public final class CsvDates {
    private static final Pattern TIME = Pattern.compile("\\s+\\d{1,2}:\\d{2}(:\\d{2})?$");
    private static final Pattern WESTERN = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern ERA = Pattern.compile("(令和|平成|[RrHh])\\s*(\\d{1,2}|元)\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");

    private CsvDates() {
    }

    public static Optional<LocalDate> parse(String text) {
        String s = TIME.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).strip()).replaceFirst("");
        try {
            Matcher m;
            if ((m = WESTERN.matcher(s)).matches() || (m = COMPACT.matcher(s)).matches()) {
                return Optional.of(LocalDate.of(num(m.group(1)), num(m.group(2)), num(m.group(3))));
            }
            if ((m = ERA.matcher(s)).matches()) {
                int year = m.group(2).equals("元") ? 1 : num(m.group(2));
                int first = switch (m.group(1)) {
                    case "令和", "R", "r" -> 2019;
                    default -> 1989;
                };
                return Optional.of(LocalDate.of(first + year - 1, num(m.group(3)), num(m.group(4))));
            }
        } catch (DateTimeException e) {
            return Optional.empty(); // 2026/2/30
        }
        return Optional.empty();
    }

    private static int num(String digits) {
        return Integer.parseInt(digits);
    }
}
