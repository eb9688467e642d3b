package jp.rinjo.media.recording.evidence;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a session manifest states.
 *
 * @param attachments room for what comes after the first wave (DESIGN §9): {@code annotations},
 *                    {@code markers}, {@code stills}, {@code checklist} — lists of canonical-JSON
 *                    values given by the caller, stored as given
 * @param problems    what went wrong while recording (write failures, refused uploads), stated in the evidence
 * @param inspection  which inspection this is, when the caller of the seal knew it
 */
public record ManifestInput(String sessionId, String objectPrefix, long createdWallMicros, long sealedWallMicros,
                            List<ParticipantInfo> participants, List<RecordedTrack> tracks, List<RecordedSegment> segments,
                            byte[] signerPublicKeySpki, Optional<URI> timestampAuthority, List<String> problems,
                            Map<String, List<Object>> attachments, Optional<InspectionInfo> inspection) {
    public ManifestInput {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(objectPrefix, "objectPrefix");
        participants = List.copyOf(participants);
        tracks = List.copyOf(tracks);
        segments = List.copyOf(segments);
        signerPublicKeySpki = signerPublicKeySpki.clone();
        Objects.requireNonNull(timestampAuthority, "timestampAuthority");
        problems = List.copyOf(problems);
        attachments = Map.copyOf(attachments);
        Objects.requireNonNull(inspection, "inspection");
    }
}
