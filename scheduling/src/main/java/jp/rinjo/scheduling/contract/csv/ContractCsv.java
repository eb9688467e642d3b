package jp.rinjo.scheduling.contract.csv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jp.rinjo.scheduling.contract.csv.CsvFileException.Problem;
import jp.rinjo.scheduling.contract.csv.CsvParser.CsvRecord;

/**
 * A contracts CSV file: its header row naming the columns (in any order, under any of the names
 * {@link ContractField} knows; columns it does not know are left out and named), and its rows, each
 * cell under its field. Title lines above the header, as a contract system's export may have, are
 * skipped. Nothing here judges the values: that is the import's work, row by row.
 */
public final class ContractCsv {
    /** More rows than a department registers in years; bounds the work and the preview. */
    public static final int MAX_ROWS = 10_000;
    /** How far down the header row is looked for. */
    private static final int HEADER_SEARCH = 20;
    private static final List<String> TEMPLATE_HEADER = List.of("契約番号", "工事名", "受注者", "工事場所", "工期開始日", "工期終了日", "担当課");
    private static final List<String> TEMPLATE_EXAMPLE = List.of("R8道路第101号", "市道101号線舗装補修工事", "株式会社 臨場建設",
            "臨場市本町1丁目", "2026/04/01", "2027/03/31", "");

    /** A data row: its Excel row number and its cells by field (stripped; "" where the file has none). */
    public record Row(int row, Map<ContractField, String> cells) {
        public Row {
            cells = Map.copyOf(cells);
        }

        public String get(ContractField f) {
            return cells.getOrDefault(f, "");
        }
    }

    /**
     * @param encoding       {@link CsvText#UTF_8} or {@link CsvText#SHIFT_JIS}
     * @param headerRow      the header's Excel row number
     * @param ignoredColumns the header names of columns not imported, as written
     * @param rows           the rows below the header that have anything in them
     */
    public record Sheet(String encoding, int headerRow, List<String> ignoredColumns, List<Row> rows) {
        public Sheet {
            ignoredColumns = List.copyOf(ignoredColumns);
            rows = List.copyOf(rows);
        }
    }

    private ContractCsv() {
    }

    public static Sheet read(byte[] bytes) {
        CsvText.Decoded text = CsvText.decode(bytes);
        List<CsvRecord> records = CsvParser.parse(text.text());
        CsvRecord header = records.stream().limit(HEADER_SEARCH)
                .filter(r -> r.cells().stream().anyMatch(c -> ContractField.named(c).orElse(null) == ContractField.NO))
                .findFirst()
                .orElseThrow(() -> new CsvFileException(Problem.NO_HEADER, "見出しの行が見つかりません。1行目に列の名前（"
                        + String.join("、", TEMPLATE_HEADER.subList(0, 6)) + "）を書いてください。テンプレートの CSV が使えます。"));
        Map<ContractField, Integer> columns = new EnumMap<>(ContractField.class);
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String name = header.cell(i).strip();
            Optional<ContractField> f = ContractField.named(name);
            if (f.isEmpty()) {
                if (!name.isEmpty()) {
                    ignored.add(name);
                }
            } else if (columns.putIfAbsent(f.get(), i) != null) {
                String first = columnLetter(columns.get(f.get()));
                String second = columnLetter(i);
                throw new CsvFileException(Problem.REPEATED_COLUMN, f.get().label() + "の列が2つあります（" + first + "列と" + second
                        + "列）。どちらか一方にしてください。", Map.of("column", f.get().label(), "first", first, "second", second));
            }
        }
        List<String> missing = Arrays.stream(ContractField.values()).filter(f -> f.required() && !columns.containsKey(f))
                .map(ContractField::label).toList();
        if (!missing.isEmpty()) {
            throw new CsvFileException(Problem.MISSING_COLUMNS, header.row() + "行目の見出しに次の列がありません: "
                    + String.join("、", missing) + "。", Map.of("row", String.valueOf(header.row()), "columns", String.join(", ", missing)));
        }
        List<Row> rows = new ArrayList<>();
        for (CsvRecord r : records) {
            if (r.row() <= header.row() || r.isBlank()) {
                continue;
            }
            if (rows.size() == MAX_ROWS) {
                throw new CsvFileException(Problem.TOO_MANY_ROWS, "一度に登録できるのは " + MAX_ROWS + " 行までです。ファイルを分けてください。",
                        Map.of("max", String.format(java.util.Locale.ROOT, "%,d", MAX_ROWS)));
            }
            Map<ContractField, String> cells = new EnumMap<>(ContractField.class);
            columns.forEach((f, i) -> cells.put(f, cellValue(r.cell(i))));
            rows.add(new Row(r.row(), cells));
        }
        return new Sheet(text.encoding(), header.row(), ignored, rows);
    }

    /** The cell's value: stripped, and Excel's ="00123" (a number kept as text) unwrapped. */
    static String cellValue(String cell) {
        String s = cell.strip();
        if (s.length() >= 3 && s.startsWith("=\"") && s.endsWith("\"")) {
            s = s.substring(2, s.length() - 1).replace("\"\"", "\"").strip();
        }
        return s;
    }

    /** Excel's name of the column: A, B, … Z, AA … */
    static String columnLetter(int index) {
        StringBuilder b = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            b.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return b.toString();
    }

    /**
     * A file to fill in: the header and one example row, in UTF-8 with a byte-order mark (without one,
     * Excel on a Japanese PC reads UTF-8 as Shift_JIS and shows mojibake) and CRLF line ends.
     */
    public static byte[] template() {
        String text = "\uFEFF" + TEMPLATE_HEADER.stream().collect(Collectors.joining(",")) + "\r\n"
                + String.join(",", TEMPLATE_EXAMPLE) + "\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
