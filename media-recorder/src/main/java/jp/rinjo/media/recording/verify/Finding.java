package jp.rinjo.media.recording.verify;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One result of verification.
 *
 * @param severity ERROR: the evidence is not intact as stated; WARNING: checked only partly (say
 *                 what to add); INFO: facts, gaps and interruptions included (they are evidence, not errors)
 * @param subject  what it is about: {@code manifest.json}, {@code tracks/trk_…/3.seg}, {@code chain}
 * @param message  what was found, in English, with every technical detail (what the command prints)
 * @param code     what kind of finding it is ({@link Code#id()}), so that a page can say it in the reader's language; null
 *                 for a finding made without one (shown as its message)
 * @param params   the values a sentence for the code needs (track, participant, sequence, times as µs since the epoch…);
 *                 sorted by name, no null values
 */
public record Finding(Severity severity, String subject, String message, String code, Map<String, String> params) {
    public enum Severity {
        ERROR, WARNING, INFO
    }

    /**
     * Every kind of finding the verifier and the archive make. The ids are stable: they are stored in the
     * archive's index and the pages translate them ({@code finding.<id>} in i18n.js).
     */
    public enum Code {
        VERIFIER_STOPPED,
        MANIFEST_MISSING,
        MANIFEST_NOT_JSON,
        MANIFEST_FORMAT_UNKNOWN,
        MANIFEST_NOT_CANONICAL,
        MANIFEST_ENTRY_MALFORMED,
        SIGNATURE_MISSING,
        SIGNING_KEY_UNUSABLE,
        SIGNING_KEY_ID_WRONG,
        SIGNATURE_INVALID,
        SIGNATURE_KEY_UNTRUSTED,
        SIGNATURE_VALID,
        SIGNATURE_CONSISTENT,
        SIGNATURE_NOT_ANCHORED,
        KEY_RETIRED_NOT_STAMPED,
        KEY_RETIRED_BEFORE_STAMP,
        KEY_RETIRED_AFTER_STAMP,
        TIMESTAMP_MISSING,
        TIMESTAMP_REQUIRED,
        TIMESTAMP_NONE,
        TIMESTAMPED,
        TSA_NOT_ANCHORED,
        NODE_CLOCK_AHEAD,
        STAMPED_LATER,
        TIMESTAMP_INVALID,
        SEALED_PROBLEM,
        CHAIN_HEAD_MISMATCH,
        TRACK_HEAD_MISMATCH,
        TRACK_ID_INVALID,
        TRACK_ENTRY_DIFFERS,
        SEGMENT_TRACK_UNLISTED,
        SEGMENTS_NOT_LISTED,
        SEGMENT_MISSING,
        SEGMENT_DAMAGED,
        SEGMENT_REPLACED,
        SEGMENT_UNREADABLE,
        SEGMENT_CHAIN_BROKEN,
        SEGMENTS_SWAPPED,
        SEGMENT_MISPLACED,
        SEGMENT_UNLISTED,
        GAP,
        INTERRUPTION,
        NOTHING_RECEIVED,
        GAP_LIST_COUNT,
        GAP_LIST_DIFFERS,
        SESSION_SUMMARY,
        RENDITIONS_UNSIGNED,
        RENDITION_INDEX_MISSING,
        RENDITION_INDEX_UNREADABLE,
        RENDITION_INDEX_OTHER_MANIFEST,
        RENDITION_UNLISTED,
        RENDITION_ABSENT,
        RENDITION_ALTERED,
        RENDITION_OK,
        PACKAGE_NAMES_OTHER,
        SIGNED_CONTRACT,
        SIGNED_INSPECTION,
        SIGNED_OUTCOME,
        SIGNED_INSPECTION_UNNAMED,
        SIGNED_SESSION,
        SIGNED_PARTICIPANTS,
        /** how many annotations (what was pointed at on the live video) the manifest signs */
        SIGNED_ANNOTATIONS,
        SIGNED_MANIFEST_HASH,
        /** remote stills: a listed one absent, or not as the manifest states it; and how many the signature covers */
        STILL_MISSING,
        STILL_ALTERED,
        SIGNED_STILLS,
        /** made by the archive: the stored manifest is not the one indexed at seal */
        MANIFEST_NOT_INDEXED,
        /** made by the archive: a stored rendition is not the one indexed at seal */
        RENDITION_NOT_INDEXED,
        /** made by the archive: an indexed recording's manifest is gone from the store */
        MANIFEST_NOT_IN_STORE;

        /** {@code SEGMENT_DAMAGED} → {@code segment-damaged} */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Finding {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** A finding without a code: its message is all a reader gets. */
    public Finding(Severity severity, String subject, String message) {
        this(severity, subject, message, null, Map.of());
    }

    public Finding(Severity severity, Code code, String subject, String message, Map<String, String> params) {
        this(severity, subject, message, code.id(), params);
    }

    /** The same finding with more parameters. */
    public Finding with(Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(params);
        all.putAll(more);
        return new Finding(severity, subject, message, code, all);
    }

    /**
     * Parameters from pairs of name and value; a null value is left out (a value not known), others are
     * written with {@link String#valueOf}.
     */
    public static Map<String, String> params(Object... namesAndValues) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                m.put(String.valueOf(namesAndValues[i]), String.valueOf(namesAndValues[i + 1]));
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return String.format("%-7s %s: %s", severity, subject, message);
    }
}
