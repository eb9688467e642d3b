package jp.rinjo.scheduling.service;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.time.PlausibleDates;
import jp.rinjo.scheduling.contract.csv.ContractCsv;
import jp.rinjo.scheduling.contract.csv.ContractField;
import jp.rinjo.scheduling.contract.csv.CsvDates;
import jp.rinjo.scheduling.service.ImportReport.Problem;
import jp.rinjo.scheduling.service.ImportReport.Values;
import jp.rinjo.scheduling.user.User;

/**
 * One CSV row judged as the contract form and {@link ContractService#register} judge a contract, but
 * every field at once, each fault told in Japanese at its field, so one pass over the file shows all
 * there is to fix. A row without problems is a contract ready to register.
 */
final class ContractRowCheck {
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");
    private static final String DATE_EXAMPLES = "例: 2026/4/1、2026-04-01、令和8年4月1日";

    /** A judged row. {@code noKey} is the number's normal form, null when the number is unusable. */
    record Checked(int row, String noKey, Values values, LocalDate start, LocalDate end, List<Problem> problems) {
    }

    private final User importer;

    ContractRowCheck(User importer) {
        this.importer = importer;
    }

    Checked check(ContractCsv.Row row) {
        List<Problem> problems = new ArrayList<>();
        String no = number(row.get(ContractField.NO), problems);
        String name = text(row, ContractField.NAME, problems);
        String contractor = text(row, ContractField.CONTRACTOR, problems);
        String location = text(row, ContractField.LOCATION, problems);
        Optional<LocalDate> start = date(row, ContractField.PERIOD_START, problems);
        Optional<LocalDate> end = date(row, ContractField.PERIOD_END, problems);
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            problems.add(problem(ContractField.PERIOD_END, "period-order", "工期（終了）が工期（開始）より前です。", Map.of()));
        }
        String department = department(row.get(ContractField.DEPARTMENT), problems);
        Values values = new Values(no, name, contractor, location,
                start.map(LocalDate::toString).orElse(row.get(ContractField.PERIOD_START)),
                end.map(LocalDate::toString).orElse(row.get(ContractField.PERIOD_END)), department);
        boolean numberOk = problems.stream().noneMatch(p -> p.field().equals(ContractField.NO.key()));
        return new Checked(row.row(), numberOk ? no : null, values, start.orElse(null), end.orElse(null), problems);
    }

    /** The number in its normal form (as the form registers it), or as written when it cannot be one. */
    private static String number(String written, List<Problem> problems) {
        String no = ContractNo.normalForm(written);
        if (no.isEmpty()) {
            problems.add(required(ContractField.NO));
        } else if (no.codePointCount(0, no.length()) > ContractField.NO.maxLength()) {
            problems.add(tooLong(ContractField.NO, no));
        } else if (no.startsWith(".") || no.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))) {
            problems.add(problem(ContractField.NO, "bad-characters",
                    "契約番号に「/」「\\」や制御文字は使えません。また「.」で始めることはできません。", Map.of()));
        } else {
            return no;
        }
        return written;
    }

    private static String text(ContractCsv.Row row, ContractField f, List<Problem> problems) {
        // a line break typed into a cell (Alt+Enter) wraps the text in Excel; the field is one line
        String v = LINE_BREAKS.matcher(row.get(f)).replaceAll(" ").strip();
        if (v.isEmpty()) {
            problems.add(required(f));
        } else if (v.codePointCount(0, v.length()) > f.maxLength()) {
            problems.add(tooLong(f, v));
        } else if (v.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            problems.add(problem(f, "bad-characters", f.label() + "に制御文字が含まれています。", Map.of()));
        }
        return v;
    }

    private static Optional<LocalDate> date(ContractCsv.Row row, ContractField f, List<Problem> problems) {
        String v = row.get(f);
        if (v.isEmpty()) {
            problems.add(required(f));
            return Optional.empty();
        }
        Optional<LocalDate> d = CsvDates.parse(v);
        if (d.isEmpty()) {
            problems.add(problem(f, "bad-date", f.label() + "「" + v + "」を日付として読めません（" + DATE_EXAMPLES + "）。",
                    Map.of("value", v)));
        } else if (d.get().getYear() < PlausibleDates.FIRST_YEAR || d.get().getYear() > PlausibleDates.LAST_YEAR) {
            problems.add(problem(f, "date-range", f.label() + "は" + PlausibleDates.FIRST_YEAR + "年から" + PlausibleDates.LAST_YEAR
                    + "年までの日付にしてください。", Map.of("value", v)));
            return Optional.empty();
        }
        return d;
    }

    /**
     * Blank is the importer's own department, as in the form. Someone who manages one department may
     * name only that one (in any width); an admin any.
     */
    private String department(String cell, List<Problem> problems) {
        String own = importer.department();
        String written = LINE_BREAKS.matcher(cell).replaceAll(" ").strip();
        if (written.isEmpty()) {
            return own;
        }
        if (importer.isAdmin()) {
            if (written.codePointCount(0, written.length()) > ContractField.DEPARTMENT.maxLength()) {
                problems.add(tooLong(ContractField.DEPARTMENT, written));
            }
            return written;
        }
        if (nfkc(written).equals(nfkc(own))) {
            return own;
        }
        problems.add(problem(ContractField.DEPARTMENT, "department", "担当課「" + written + "」の契約は登録できません。登録できるのは"
                + own + "の契約だけです（空欄なら" + own + "）。", Map.of("department", written, "own", own)));
        return written;
    }

    private static String nfkc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }

    private static Problem required(ContractField f) {
        return problem(f, "required", f.label() + "が空です。", Map.of());
    }

    private static Problem tooLong(ContractField f, String v) {
        int length = v.codePointCount(0, v.length());
        return problem(f, "too-long", f.label() + "は" + f.maxLength() + "文字以内にしてください（" + length + "文字あります）。",
                Map.of("max", String.valueOf(f.maxLength()), "length", String.valueOf(length)));
    }

    static Problem problem(ContractField f, String code, String message, Map<String, String> args) {
        return new Problem(f.key(), code, message, args);
    }
}
