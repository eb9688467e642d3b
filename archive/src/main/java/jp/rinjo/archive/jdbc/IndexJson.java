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

    /** As many of the items as fit the column; the manifest keeps them all. */
    static <T> String write(List<T> items) {
        List<T> kept = new ArrayList<>(items);
        while (true) {
            String s = encode(kept);
            if (s.length() <= MAX_CHARS || kept.isEmpty()) {
                return s;
            }
            kept.remove(kept.size() - 1);
        }
    }

    static List<ParticipantEntry> participants(String json) {
        return decode(json, new TypeReference<List<ParticipantEntry>>() { });
    }

    static List<RenditionEntry> renditions(String json) {
        return decode(json, new TypeReference<List<RenditionEntry>>() { });
    }

    /** None for a row verified before findings were kept (NULL): its integrity detail says what was found. */
    static List<Finding> findings(String json) {
        return decode(json, new TypeReference<List<Finding>>() { });
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
