package jp.rinjo.archive.jdbc;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import jp.rinjo.archive.index.ParticipantEntry;
import jp.rinjo.archive.index.RenditionEntry;
import jp.rinjo.media.recording.verify.Finding;

/**
 * The index's JSON columns (participants, renditions, the last verification's findings): small lists kept
 * beside the row.
 */
final class IndexJson {
    static final int MAX_CHARS = 8000;
    private static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private IndexJson() {
    }

    /** The last verification's findings as the index keeps them: as many as fit, and how many errors there were in all. */
    record StoredFindings(int errors, List<Finding> findings) {
    }

    /** As many of the items as fit the column, the first ones; the manifest keeps them all. */
    static <T> String write(List<T> items) {
        return "[" + String.join(",", fitting(items, MAX_CHARS - 2)) + "]";
    }

    /** {@code {"errors":N,"findings":[…]}}: the count stays true when not every finding fits. */
    static String writeFindings(List<Finding> findings, int errors) {
        String head = "{\"errors\":" + errors + ",\"findings\":[";
        return head + String.join(",", fitting(findings, MAX_CHARS - head.length() - 2)) + "]}";
    }

    /** Each item encoded once, as many as fit {@code room} characters as a comma-separated list: linear in the items. */
    private static <T> List<String> fitting(List<T> items, int room) {
        List<String> kept = new ArrayList<>();
        int used = 0;
        for (T item : items) {
            String s = encode(item);
            int needed = s.length() + (kept.isEmpty() ? 0 : 1);
            if (used + needed > room) {
                break;
            }
            kept.add(s);
            used += needed;
        }
        return kept;
    }

    static List<ParticipantEntry> participants(String json) {
        return decode(json, new TypeReference<List<ParticipantEntry>>() { });
    }

    static List<RenditionEntry> renditions(String json) {
        return decode(json, new TypeReference<List<RenditionEntry>>() { });
    }

    /**
     * None for a row verified before findings were kept (NULL): its integrity detail says what was found. A bare
     * list is how they were kept before the error count was.
     */
    static StoredFindings findings(String json) {
        if (json == null || json.isBlank() || json.strip().startsWith("[")) {
            List<Finding> list = decode(json, new TypeReference<List<Finding>>() { });
            return new StoredFindings(jp.rinjo.archive.index.Integrity.errorsIn(list), list);
        }
        try {
            return JSON.readValue(json, StoredFindings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the recordings index: " + e.getOriginalMessage(), e);
        }
    }

    private static String encode(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> decode(String json, TypeReference<List<T>> type) {
        try {
            return json == null || json.isBlank() ? List.of() : JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the recordings index: " + e.getOriginalMessage(), e);
        }
    }
}
