package jp.rinjo.archive.index;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.archive.evidence.ManifestSummary;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.store.StoredObject;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.contract.ContractRepository;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.SessionRepository;
import jp.rinjo.scheduling.user.UserRepository;

/**
 * Indexes one sealed session from what the evidence store holds — its manifest and its renditions'
 * index — joined with what the database knows about the session (contract, type, inspector). Used
 * when a session is sealed and by reindexing; idempotent. A session the database does not know
 * (restored store, lost rows) is still indexed, under the contract its object prefix names, visible
 * to admins only.
 */
public final class Indexer {
    /** {@code contracts/{no}/sessions/{id}} or {@code sessions/{id}}: where a sealed session's manifest is. */
    public static final Pattern MANIFEST_KEY = Pattern.compile("(?:contracts/([^/]+)/)?sessions/(ses_[0-9a-z]{20})/manifest\\.json");
    static final String UNKNOWN_CONTRACT = "契約不明";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EvidenceStore store;
    private final SessionRepository sessions;
    private final ContractRepository contracts;
    private final UserRepository users;
    private final RecordingIndex index;
    private final Clock clock;

    public Indexer(EvidenceStore store, SessionRepository sessions, ContractRepository contracts, UserRepository users,
                   RecordingIndex index, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.contracts = contracts;
        this.users = users;
        this.index = index;
        this.clock = clock;
    }

    public RecordingIndex.Upsert index(String objectPrefix) throws IOException {
        return index.upsert(entry(objectPrefix));
    }

    public RecordingEntry entry(String objectPrefix) throws IOException {
        String prefix = objectPrefix.endsWith("/") ? objectPrefix.substring(0, objectPrefix.length() - 1) : objectPrefix;
        Matcher key = MANIFEST_KEY.matcher(prefix + "/" + ObjectKeys.MANIFEST);
        if (!key.matches()) {
            throw new IOException(prefix + " is not a session's place in the evidence store");
        }
        byte[] manifest;
        try (InputStream in = store.open(prefix + "/" + ObjectKeys.MANIFEST)) {
            manifest = in.readAllBytes();
        }
        ManifestSummary m = ManifestSummary.parse(manifest);
        SessionId id = SessionId.of(key.group(2));
        if (!id.value().equals(m.sessionId())) {
            throw new IOException(prefix + "/manifest.json names session " + m.sessionId() + ", not " + id);
        }
        List<StoredObject> objects = store.list(prefix + "/");
        Optional<InspectionSession> session = sessions.find(id);
        Optional<ManifestSummary.SignedInspection> signed = m.inspection();
        ContractNo contractNo = session.map(InspectionSession::contractNo)
                .or(() -> Optional.ofNullable(key.group(1)).map(ContractNo::of))
                .or(() -> signed.map(i -> ContractNo.of(i.contractNo())))
                .orElseGet(() -> ContractNo.of(UNKNOWN_CONTRACT));
        Optional<Contract> contract = contracts.find(contractNo);
        // Unknown to this database (a store indexed elsewhere, a restored backup): what the manifest signs
        // names it, but the department stays empty: access follows this database's contracts, not another's.
        ContractRef ref = contract.map(c -> new ContractRef(c.no(), c.name(), c.contractor(), c.department()))
                .orElseGet(() -> signed.filter(i -> i.contractNo().equals(contractNo.value()))
                        .map(i -> new ContractRef(contractNo, i.contractName(), i.contractor(), ""))
                        .orElseGet(() -> new ContractRef(contractNo, "", "", "")));
        InspectionInfo inspection = session.map(s -> new InspectionInfo(s.type(), s.inspectorId().value(),
                        users.find(s.inspectorId()).map(u -> u.displayName()).orElse(""), s.place(),
                        s.result() == null ? null : s.result().kind().name(), s.window().start(), s.window().end()))
                .orElseGet(() -> signed.map(Indexer::asSigned)
                        .orElseGet(() -> new InspectionInfo(InspectionType.OTHER, "", "", null, null, null, null)));
        long gaps = m.gaps().size();
        EvidenceInfo evidence = new EvidenceInfo(prefix, Sha256.digest(manifest).hex(), m.signingKeyId(), m.timestamped(), m.sealed(),
                objects.stream().mapToLong(StoredObject::size).sum(), m.tracks().size(), m.segments().size(), (int) gaps,
                m.markers().size(), m.stills().size());
        return new RecordingEntry(id, ref, inspection, m.recordedFrom(), m.recordedTo(), evidence, m.participants(),
                renditions(prefix, m), Integrity.unverified(), clock.instant());
    }

    /** The inspection as the manifest signs it, for a session this database does not know (no inspector id). */
    private static InspectionInfo asSigned(ManifestSummary.SignedInspection i) {
        InspectionType type = java.util.Arrays.stream(InspectionType.values()).filter(t -> t.name().equals(i.type())).findFirst()
                .orElse(InspectionType.OTHER);
        return new InspectionInfo(type, "", i.inspectorName(), i.place(), i.result(), instant(i.scheduledStart()), instant(i.scheduledEnd()));
    }

    private static Instant instant(String isoWithOffset) {
        try {
            return isoWithOffset == null ? null : java.time.OffsetDateTime.parse(isoWithOffset).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null; // signed, but not a time: left out of the index, the verifier still shows it as signed
        }
    }

    /** The renditions' index, when the renditions were made (they may have failed: the evidence is sealed either way). */
    private List<RenditionEntry> renditions(String prefix, ManifestSummary m) throws IOException {
        JsonNode root;
        try (InputStream in = store.open(prefix + "/renditions/renditions.json")) {
            root = JSON.readTree(in);
        } catch (EvidenceStoreException e) {
            if (e.kind() == EvidenceStoreException.Kind.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        List<RenditionEntry> out = new ArrayList<>();
        for (JsonNode r : root.path("renditions")) {
            String participant = r.path("participantId").asText();
            long start = r.path("startWallMicros").asLong(0);
            if (start == 0) { // made before renditions said where they start: their first track's first packet
                start = m.tracks().stream().filter(t -> t.participant().equals(participant) && t.segments() > 0)
                        .mapToLong(ManifestSummary.Track::firstWallMicros).min().orElse(0);
            }
            out.add(new RenditionEntry(participant, r.path("key").asText(), r.path("sha256").asText(), r.path("size").asLong(),
                    r.path("container").asText("mp4"), r.path("width").asInt(), r.path("height").asInt(), r.path("durationMicros").asLong(),
                    start));
        }
        return out;
    }
}
