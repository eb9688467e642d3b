package jp.rinjo.standalone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.NodeRecording;
import jp.rinjo.media.recording.SealRequest;
import jp.rinjo.media.recording.evidence.RecordedStill;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.JdbcAttendanceRepository;
import jp.rinjo.scheduling.jdbc.JdbcContractRepository;
import jp.rinjo.scheduling.jdbc.JdbcSessionAnnotations;
import jp.rinjo.scheduling.jdbc.JdbcSessionRepository;
import jp.rinjo.scheduling.jdbc.JdbcSessionStills;
import jp.rinjo.scheduling.jdbc.JdbcUserRepository;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.still.SessionStill;
import jp.rinjo.signaling.SignalingServer;
import jp.rinjo.signaling.media.MediaGateway;
import jp.rinjo.signaling.media.SealAnnotations;

/**
 * What the scheduling database knows of a session whose media node was lost, in the form that node's
 * seal would have had it: what signaling tells a node at a session's end (participants, inspection,
 * annotations), converted the same way, and the remote stills signaling described as it accepted them
 * (what the lost node's spool journal said).
 *
 * @param contract the session's contract, which names its folder in the store; empty when the database does not know the session
 */
record LostSessionRecord(Optional<ContractNo> contract, SealRequest request, List<RecordedStill> stills) {
    static LostSessionRecord read(Database db, SessionId id, Clock clock) {
        List<MediaGateway.Attendee> attendees = new JdbcAttendanceRepository(db).forSession(id).stream()
                .map(a -> new MediaGateway.Attendee(a.participantId().value(), a.displayName(), a.role().name())).toList();
        Optional<SessionService.SessionView> scheduled = new SessionService(new JdbcSessionRepository(db), new JdbcContractRepository(db),
                new JdbcUserRepository(db), new JdbcAttendanceRepository(db), Duration.ZERO, clock).record(id);
        MediaGateway.SessionEnd end = SealAnnotations.with(
                new MediaGateway.SessionEnd(attendees, scheduled.map(SignalingServer::inspection).orElse(null)),
                new JdbcSessionAnnotations(db).forSession(id));
        List<RecordedStill> stills = new JdbcSessionStills(db).forSession(id).stream().map(LostSessionRecord::still).toList();
        return new LostSessionRecord(scheduled.map(v -> v.session().contractNo()),
                NodeRecording.sealRequest(InProcessMediaGateway.control(end)), stills);
    }

    /** A still as the node's journal states it: signaling gave the node the same id, time, phone time, sender and request. */
    static RecordedStill still(SessionStill s) {
        return new RecordedStill(s.id(), new Sha256(s.sha256()), s.bytes(), micros(s.takenAt()), Optional.ofNullable(s.phoneCapturedAt()),
                s.by().value(), s.role().name(), Optional.ofNullable(s.width()), Optional.ofNullable(s.height()),
                Optional.ofNullable(s.request()));
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
