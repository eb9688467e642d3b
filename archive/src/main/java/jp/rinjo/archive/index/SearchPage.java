package jp.rinjo.archive.index;

import java.util.List;

/**
 * One page of results. There is no total count: counting a broad match over a million recordings
 * costs as much as reading them all, so pages say only whether more follow.
 */
public record SearchPage(List<RecordingEntry> items, int offset, int limit, boolean hasMore) {
    public SearchPage {
        items = List.copyOf(items);
    }

    public static SearchPage empty(int offset, int limit) {
        return new SearchPage(List.of(), offset, limit, false);
    }
}
