package jp.rinjo.media.recording.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;

/**
 * The object layout (DESIGN §4): {@code contracts/{contractNo}/sessions/{sessionId}/} when the
 * session's contract is known, else {@code sessions/{sessionId}/} (the media node does not know
 * contracts; the resolver it is given may return nothing, and the archive then finds the session by
 * id). Under the session prefix: {@code tracks/{trackId}/{seq}.seg}, {@code manifest.json},
 * {@code manifest.sig}, {@code manifest.tsr}, {@code stills/{stillId}.jpg}.
 */
public final class ObjectKeys {
    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.sig";
    public static final String TIMESTAMP = "manifest.tsr";

    private ObjectKeys() {
    }

    public static String sessionPrefix(SessionId session, Optional<ContractNo> contract) {
        return contract.map(c -> "contracts/" + c.value() + "/").orElse("") + "sessions/" + session.value();
    }

    /** The path of a segment below the session prefix (also its path in an exported folder). */
    public static String segmentPath(String trackId, long sequence) {
        return "tracks/" + trackId + "/" + sequence + ".seg";
    }

    /** The path of a remote still below the session prefix (also its path in an exported folder). */
    public static String stillPath(String stillId) {
        return "stills/" + stillId + ".jpg";
    }

    /** The content type a session's seal file is stored with. */
    public static String contentType(String sealFileName) {
        return switch (sealFileName) {
            case MANIFEST -> "application/json";
            case TIMESTAMP -> "application/timestamp-reply";
            default -> "application/octet-stream";
        };
    }

    /** Throws unless {@code prefix} names a level of keys: empty (the top), or a safe key followed by {@code /}. */
    public static String validatePrefix(String prefix) {
        if (prefix == null || (!prefix.isEmpty() && !prefix.endsWith("/"))) {
            throw new IllegalArgumentException("a level of keys is empty or ends with '/': " + prefix);
        }
        if (!prefix.isEmpty()) {
            validate(prefix.substring(0, prefix.length() - 1));
        }
        return prefix;
    }

    /** Throws unless {@code key} is a safe object key (also a safe relative file path). */
    public static String validate(String key) {
        if (key == null || key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new IllegalArgumentException("object key must be 1–1024 bytes: " + key);
        }
        if (key.startsWith("/") || key.endsWith("/") || key.contains("//") || key.contains("\\")) {
            throw new IllegalArgumentException("object key must be relative with non-empty segments: " + key);
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.startsWith(".")) {
                throw new IllegalArgumentException("object key segments must not start with '.': " + key);
            }
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("object key contains control characters");
        }
        return key;
    }
}
