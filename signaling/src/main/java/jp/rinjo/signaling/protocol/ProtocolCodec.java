package jp.rinjo.signaling.protocol;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * Reads and writes protocol messages. Reading never throws anything but a {@link RinjoException}
 * carrying the code the client is told: malformed-json, message-too-large, unknown-message-type,
 * unsupported-version or validation-failed.
 */
public final class ProtocolCodec {
    private final ObjectMapper mapper;
    private final int maxBytes;

    public ProtocolCodec(int maxBytes) {
        this.maxBytes = maxBytes;
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(maxBytes).maxNumberLength(40).build());
    }

    public int maxBytes() {
        return maxBytes;
    }

    public ClientMessage read(String text) {
        // UTF-8 length is what the cap is about (what crossed the network), not UTF-16 chars.
        if (text.length() > maxBytes || text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new RinjoException(ErrorCode.MESSAGE_TOO_LARGE, "message is larger than " + maxBytes + " bytes");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RinjoException(ErrorCode.MALFORMED_JSON, "message is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new RinjoException(ErrorCode.MALFORMED_JSON, "message must be a JSON object");
        }
        JsonNode v = tree.get("v");
        if (v == null || !v.isInt()) {
            throw new RinjoException(ErrorCode.UNSUPPORTED_VERSION, "message lacks the protocol version \"v\": 1");
        }
        if (v.intValue() != ServerMessage.VERSION) {
            throw new RinjoException(ErrorCode.UNSUPPORTED_VERSION,
                    "protocol version " + v.intValue() + " is not supported; this server speaks " + ServerMessage.VERSION);
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            throw new RinjoException(ErrorCode.UNKNOWN_MESSAGE_TYPE, "message lacks a \"type\"");
        }
        try {
            return mapper.treeToValue(tree, ClientMessage.class);
        } catch (InvalidTypeIdException e) {
            throw new RinjoException(ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown message type \"" + clip(type.asText()) + "\"");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RinjoException(ErrorCode.VALIDATION_FAILED, "fields of \"" + clip(type.asText()) + "\" have the wrong shape");
        }
    }

    public String write(ServerMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message.getClass().getSimpleName(), e);
        }
    }

    /** The ref of a message that failed to parse, if one can be salvaged, so the error is correlated. */
    public String salvageRef(String text) {
        try {
            JsonNode tree = text.length() <= maxBytes ? mapper.readTree(text) : null;
            JsonNode ref = tree == null ? null : tree.get("ref");
            return ref != null && ref.isTextual() ? clip(ref.asText()) : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
