package jp.rinjo.scheduling.contract.csv;

import java.util.ArrayList;
import java.util.List;

import jp.rinjo.scheduling.contract.csv.CsvFileException.Problem;

/**
 * RFC 4180 records: fields separated by commas, records by CRLF or LF (a lone CR too, as old Mac
 * Excel wrote); a quoted field may hold commas, line breaks and doubled quotes. Where a file strays
 * from the RFC it is read as Excel reads it: a quote inside an unquoted field is a character, text
 * after a closing quote is kept. A line break inside a field is kept as LF.
 *
 * <p>Each record carries its row number as Excel shows it: a record spanning lines is one row, an
 * empty line is a row too. That is the number the user is told to fix.
 */
public final class CsvParser {
    /** @param row 1-based, as Excel numbers rows */
    public record CsvRecord(int row, List<String> cells) {
        public CsvRecord {
            cells = List.copyOf(cells);
        }

        public String cell(int index) {
            return index >= 0 && index < cells.size() ? cells.get(index) : "";
        }

        public boolean isBlank() {
            return cells.stream().allMatch(String::isBlank);
        }
    }

    private CsvParser() {
    }

    public static List<CsvRecord> parse(String text) {
        List<CsvRecord> records = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inQuotes = false;
        boolean quoted = false; // the current field began with a quote
        int row = 1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else if (c == '\r') {
                    cell.append('\n');
                    if (i + 1 < n && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty() && !quoted) {
                inQuotes = true;
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                quoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                records.add(new CsvRecord(row++, cells));
                cells.clear();
                cell.setLength(0);
                quoted = false;
            } else {
                cell.append(c);
            }
        }
        if (inQuotes) {
            throw new CsvFileException(Problem.UNTERMINATED_QUOTE, row + "行目で始まる「\"」（ダブルクォート）が閉じられていません。"
                    + "セルの中の「\"」は「\"\"」と2つ重ねて書きます。");
        }
        if (!cell.isEmpty() || !cells.isEmpty() || quoted) {
            cells.add(cell.toString());
            records.add(new CsvRecord(row, cells));
        }
        return records;
    }
}
