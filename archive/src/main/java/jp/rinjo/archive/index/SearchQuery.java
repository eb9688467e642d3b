package jp.rinjo.archive.index;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.text.SearchText;
import jp.rinjo.scheduling.session.InspectionType;

/**
 * A search of the archive.
 *
 * @param text       words that must all occur in the contract number or name (partial match, NFKC, any case); may be empty
 * @param from       first day recorded (JST), inclusive; may be null
 * @param to         last day recorded (JST), inclusive; may be null
 * @param type       inspection type; may be null
 * @param department the contract's department; may be null (all the caller may see)
 * @param inspectorId the responsible inspector's user id; may be null
 * @param offset     rows skipped; capped, since deep offsets cost as much as the rows they skip
 */
public record SearchQuery(String text, LocalDate from, LocalDate to, InspectionType type, String department, String inspectorId,
                          SearchSort sort, boolean descending, int limit, int offset) {
    public static final int MAX_LIMIT = 100;
    public static final int MAX_OFFSET = 10_000;

    public SearchQuery {
        text = text == null ? "" : text.strip();
        Require.that(text.length() <= 100, "search text is longer than 100 characters");
        Require.that(from == null || to == null || !to.isBefore(from), "'to' must not be before 'from'");
        department = department == null || department.isBlank() ? null : department.strip();
        inspectorId = inspectorId == null || inspectorId.isBlank() ? null : inspectorId.strip();
        sort = sort == null ? SearchSort.RECORDED_AT : sort;
        Require.that(limit >= 1 && limit <= MAX_LIMIT, "limit must be 1–" + MAX_LIMIT);
        Require.that(offset >= 0 && offset <= MAX_OFFSET, "offset must be 0–" + MAX_OFFSET + " (narrow the search to see further)");
    }

    public static SearchQuery newest(int limit) {
        return new SearchQuery(null, null, null, null, null, null, SearchSort.RECORDED_AT, true, limit, 0);
    }

    /** The words of the text, normalized; empty when there is no text. */
    public List<String> terms() {
        return Arrays.stream(SearchText.normalize(text).split("\\s+")).filter(t -> !t.isEmpty()).distinct().toList();
    }
}
