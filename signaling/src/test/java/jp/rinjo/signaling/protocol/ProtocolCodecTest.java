package jp.rinjo.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

class ProtocolCodecTest {
    final ProtocolCodec codec = new ProtocolCodec(1024);

    ErrorCode codeOf(String text) {
        try {
            codec.read(text);
        } catch (RinjoException e) {
            return e.code();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void readsEveryClientMessageType() {
        assertThat(codec.read("{\"v\":1,\"type\":\"join\",\"ref\":\"1\",\"invitation\":\"i1.x.y\"}"))
                .isEqualTo(new ClientMessage.Join("1", null, "i1.x.y", null));
        assertThat(codec.read("{\"v\":1,\"type\":\"chat\",\"text\":\"聞こえますか\"}"))
                .isEqualTo(new ClientMessage.Chat(null, "聞こえますか"));
        assertThat(codec.read("{\"v\":1,\"type\":\"sdp\",\"to\":\"p\",\"kind\":\"offer\",\"sdp\":\"v=0\"}"))
                .isEqualTo(new ClientMessage.Sdp(null, "p", "offer", "v=0", null));
        assertThat(codec.read("{\"v\":1,\"type\":\"ice\",\"candidate\":\"c\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}"))
                .isEqualTo(new ClientMessage.Ice(null, null, "c", "0", 0));
        assertThat(codec.read("{\"v\":1,\"type\":\"leave\"}")).isInstanceOf(ClientMessage.Leave.class);
        assertThat(codec.read("{\"v\":1,\"type\":\"ping\",\"ref\":\"r\"}")).isEqualTo(new ClientMessage.Ping("r"));
        ClientMessage.Annotation a = (ClientMessage.Annotation) codec.read(
                "{\"v\":1,\"type\":\"annotation\",\"shape\":\"pointer\",\"points\":[[0.5,0.25]]}");
        assertThat(a.points()).hasSize(1);
        assertThat(a.points().get(0)).containsExactly(0.5, 0.25);
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        assertThat(codec.read("{\"v\":1,\"type\":\"ping\",\"newField\":{\"a\":[1,2]}}")).isInstanceOf(ClientMessage.Ping.class);
    }

    @Test
    void badInputGetsAStableCode() {
        assertThat(codeOf("{not json")).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(codeOf("[1,2]")).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(codeOf("\"text\"")).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(codeOf("")).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(codeOf("{\"type\":\"ping\"}")).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(codeOf("{\"v\":2,\"type\":\"ping\"}")).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(codeOf("{\"v\":\"1\",\"type\":\"ping\"}")).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(codeOf("{\"v\":1}")).isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE);
        assertThat(codeOf("{\"v\":1,\"type\":\"teleport\"}")).isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE);
        assertThat(codeOf("{\"v\":1,\"type\":\"chat\",\"text\":{\"a\":1}}")).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf("{\"v\":1,\"type\":\"ice\",\"sdpMLineIndex\":\"zero\"}")).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf("{\"v\":1,\"type\":\"chat\",\"text\":\"" + "x".repeat(2000) + "\"}")).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
        // 400 three-byte characters: under the cap in chars, over it in UTF-8 bytes
        assertThat(codeOf("{\"v\":1,\"type\":\"chat\",\"text\":\"" + "検".repeat(400) + "\"}")).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
        assertThat(codeOf("{\"v\":1,\"type\":\"ping\",\"a\":" + "[".repeat(40) + "]".repeat(40) + "}")).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void theRefOfABadMessageIsSalvagedForCorrelation() {
        assertThat(codec.salvageRef("{\"v\":9,\"type\":\"ping\",\"ref\":\"abc\"}")).isEqualTo("abc");
        assertThat(codec.salvageRef("{broken")).isNull();
    }

    @Test
    void serverMessagesCarryVersionAndTypeAndOmitNulls() {
        String json = codec.write(new ServerMessage.Error("r1", "token-expired", "expired"));
        assertThat(json).contains("\"type\":\"error\"").contains("\"v\":1").contains("\"code\":\"token-expired\"");
        assertThat(codec.write(new ServerMessage.Pong(null, "t"))).doesNotContain("ref");
        assertThat(codec.write(new ServerMessage.Welcome("r", "p", "CONTRACTOR", null, List.of(), List.of(), false)))
                .contains("\"type\":\"welcome\"");
    }
}
