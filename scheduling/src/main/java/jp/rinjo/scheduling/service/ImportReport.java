package jp.rinjo.scheduling.service;

import java.util.List;
import java.util.Map;

/**
 * What a contracts CSV import found, row by row: what a dry run shows as the preview, and what an
 * import did. Rows are numbered as Excel numbers them, so the user finds the row to fix.
 *
 * @param dryRun         nothing was to be written
 * @param committed      the rows to create were written (all of them, in one transaction)
 * @param encoding       the file's encoding as read: UTF-8 or Shift_JIS
 * @param headerRow      the header's row number
 * @param ignoredColumns header names of columns not imported
 */
public record ImportReport(boolean dryRun, boolean committed, String encoding, int headerRow, List<String> ignoredColumns,
                           Counts counts, List<RowResult> rows) {
    public ImportReport {
        ignoredColumns = List.copyOf(ignoredColumns);
        rows = List.copyOf(rows);
    }

    public enum RowStatus {
        /** would be created (dry run) */
        CREATE,
        CREATED,
        /** the number is registered already (in any of its typed forms): skipped, never overwritten */
        DUPLICATE,
        ERROR
    }

    /**
     * @param field   the field at fault, by its API name (no, name, contractor, location, periodStart, periodEnd, department)
     * @param code    stable: required, too-long, bad-characters, bad-date, date-range, period-order, department, repeated, exists
     * @param message in Japanese, naming the field
     * @param args    what the message says, for a page that words it in another language
     */
    public record Problem(String field, String code, String message, Map<String, String> args) {
        public Problem {
            args = Map.copyOf(args);
        }
    }

    /** A row's values as they will be registered (number normalised, dates ISO), or as written where they cannot be read. */
    public record Values(String no, String name, String contractor, String location, String periodStart, String periodEnd,
                         String department) {
    }

    /** @param existing for a duplicate, the number as registered */
    public record RowResult(int row, String no, RowStatus status, Values values, List<Problem> problems, String existing) {
        public RowResult {
            problems = List.copyOf(problems);
        }
    }

    /** @param create rows created, or to be created in a dry run */
    public record Counts(int rows, int create, int duplicate, int error) {
    }
}
