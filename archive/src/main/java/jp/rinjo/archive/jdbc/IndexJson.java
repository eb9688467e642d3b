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

/** The index's two JSON columns (participants, renditions): small lists kept beside the row. */
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
