package jp.rinjo.media.recording;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jp.rinjo.media.recording.evidence.InspectionInfo;
import jp.rinjo.media.recording.evidence.ParticipantInfo;

/**
 * What the caller of the seal knows and the media node does not.
 *
 * @param participants who took part (ids, display names, roles)
 * @param inspection   which inspection the session is (contract, type, scheduled window, place,
 *                     inspector), signed in the manifest; empty when the caller does not know it
 * @param attachments  {@code annotations}, {@code markers}, {@code stills}, {@code checklist}: lists of
 *                     canonical-JSON values (maps, lists, strings, integers) put into the manifest as given; the
 *                     recorder adds the session's remote stills after any {@code stills} given here
 * @param problems     what the caller says is missing from what it gives (annotations it did not keep),
 *                     added to the manifest's problems
 */
public record SealRequest(List<ParticipantInfo> participants, Optional<InspectionInfo> inspection, Map<String, List<Object>> attachments,
                          List<String> problems) {
    public SealRequest {
        participants = List.copyOf(participants);
        Objects.requireNonNull(inspection, "inspection");
        attachments = Map.copyOf(attachments);
        problems = List.copyOf(problems);
    }

    public SealRequest(List<ParticipantInfo> participants, Optional<InspectionInfo> inspection, Map<String, List<Object>> attachments) {
        this(participants, inspection, attachments, List.of());
    }

    public static SealRequest of(List<ParticipantInfo> participants) {
        return new SealRequest(participants, Optional.empty(), Map.of());
    }

    public static SealRequest of(List<ParticipantInfo> participants, Optional<InspectionInfo> inspection) {
        return new SealRequest(participants, inspection, Map.of());
    }
}
