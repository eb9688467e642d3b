package jp.rinjo.media.recording;

import java.util.List;
import java.util.Map;

import jp.rinjo.media.recording.evidence.ParticipantInfo;

/**
 * What the caller of the seal knows and the media node does not.
 *
 * @param participants who took part (ids, display names, roles)
 * @param attachments  {@code annotations}, {@code markers}, {@code stills}, {@code checklist}: lists of
 *                     canonical-JSON values (maps, lists, strings, integers) put into the manifest as given
 */
public record SealRequest(List<ParticipantInfo> participants, Map<String, List<Object>> attachments) {
    public SealRequest {
        participants = List.copyOf(participants);
        attachments = Map.copyOf(attachments);
    }

    public static SealRequest of(List<ParticipantInfo> participants) {
        return new SealRequest(participants, Map.of());
    }
}
