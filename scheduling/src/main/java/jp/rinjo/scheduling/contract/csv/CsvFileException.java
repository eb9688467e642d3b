package jp.rinjo.scheduling.contract.csv;

import java.util.Map;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * A file that cannot be read as a contracts CSV at all (an Excel workbook, an unknown encoding, no
 * header row): nothing in it is looked at row by row. The message is Japanese, for the clerk who chose
 * the file; {@link #problem} is the stable name a page translates, and {@link #args} what the translation
 * needs to say as much (the header's row, the columns missing or repeated).
 */
public final class CsvFileException extends RinjoException {
    /** What is wrong with the file; the wire name is lower case with dashes. */
    public enum Problem {
        EMPTY, XLSX, XLS, UTF16, BINARY, ENCODING, UNTERMINATED_QUOTE, NO_HEADER, MISSING_COLUMNS, REPEATED_COLUMN, TOO_MANY_ROWS;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Problem problem;
    private final Map<String, String> args;

    public CsvFileException(Problem problem, String message) {
        this(problem, message, Map.of());
    }

    public CsvFileException(Problem problem, String message, Map<String, String> args) {
        super(ErrorCode.VALIDATION_FAILED, message);
        this.problem = problem;
        this.args = Map.copyOf(args);
    }

    public Problem problem() {
        return problem;
    }

    /** Named values of the message, in the file's own words (column names as written in Japanese). */
    public Map<String, String> args() {
        return args;
    }
}
