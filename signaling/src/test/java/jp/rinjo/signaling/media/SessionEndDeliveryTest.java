package jp.rinjo.signaling.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.jdbc.JdbcSealRequests;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.session.InspectionResult;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.ResultKind;
import jp.rinjo.scheduling.session.TimeWindow;
import jp.rinjo.scheduling.testing.Fixtures;
import jp.rinjo.scheduling.testing.TestDatabases;

/**
 * Which closed sessions signaling asks their media node to seal: no empty signed recording for a
 * session nobody joined, and a seal for one that someone joined, even if it never went live.
 */
class SessionEndDeliveryTest {
    @TempDir
    Path dir;
    Fixtures f;
    FakeMediaNode node;
    final List<Duration> retriesScheduled = new CopyOnWriteArrayList<>();
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final ch.qos.logback.classic.Logger deliveryLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(SessionEndDelivery.class);
    SessionEndDelivery delivery;
    final java.util.Map<SessionId, List<MediaGateway.Attendee>> attended = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        f = new Fixtures(TestDatabases.h2(dir));
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        node = new FakeMediaNode();
        logged.start();
        deliveryLog.addAppender(logged);
        delivery = new SessionEndDelivery(node, new SessionEndDelivery.Policy(Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofHours(1)), new JdbcSealRequests(f.scheduling.database()), id -> new MediaGateway.SessionEnd(attended.getOrDefault(id, List.of()), null),
                (delay, task) -> retriesScheduled.add(delay), Runnable::run, f.clock);
    }

    @AfterEach
    void tearDown() {
        deliveryLog.detachAppender(logged);
        f.scheduling.close();
    }

    @Test
    void aSessionCancelledOrEndedBeforeItWentLiveIsNotSealed() {
        InspectionSession cancelled = f.scheduling.sessions().cancel(f.inspector, schedule().id()).session();
        InspectionSession endedUnattended = f.scheduling.sessions().end(f.inspector, schedule().id(),
                new InspectionResult(ResultKind.PASS, "現地で確認")).session();

        delivery.deliver(cancelled);
        delivery.deliver(endedUnattended);

        assertThat(node.asked).as("the media node is never asked to seal").isEmpty();
        assertThat(sealRequestOutcome(cancelled.id())).as("no seal request is kept").isEmpty();
        assertThat(sealRequestOutcome(endedUnattended.id())).isEmpty();
        assertThat(messages(Level.INFO)).anyMatch(m -> m.contains(cancelled.id().value()) && m.contains("nothing to seal"));
    }

    @Test
    void aSessionCancelledAfterSomeoneJoinedItsCallEarlyIsSealed() {
        InspectionSession s = schedule();
        // an inspector looked in before the window (the session stays scheduled) with the microphone on: that was recorded
        attended.put(s.id(), List.of(new MediaGateway.Attendee("par_early", "監督員 山田", "INSPECTOR")));
        InspectionSession cancelled = f.scheduling.sessions().cancel(f.inspector, s.id()).session();

        delivery.deliver(cancelled);

        assertThat(node.asked).containsExactly(s.id());
        assertThat(sealRequestOutcome(s.id())).hasValue("sealed");
    }

    @Test
    void aLiveSessionIsStillSealed() {
        InspectionSession s = schedule();
        f.clock.set(s.window().start());
        f.scheduling.sessions().admitted(f.inspector, s.id());
        delivery.deliver(f.scheduling.sessions().end(f.inspector, s.id(), new InspectionResult(ResultKind.PASS, null)).session());

        assertThat(node.asked).containsExactly(s.id());
        assertThat(sealRequestOutcome(s.id())).hasValue("sealed");
    }

    private InspectionSession schedule() {
        return f.scheduling.sessions().schedule(f.inspector, new SessionService.SessionDraft("R8-001", InspectionType.STAGE_CHECK,
                new TimeWindow(f.clock.instant().plus(Duration.ofHours(2)), f.clock.instant().plus(Duration.ofHours(3))), null, null))
                .session();
    }

    /** The seal request's outcome once finished; empty when none was ever made. */
    private Optional<String> sealRequestOutcome(SessionId session) {
        return f.scheduling.database().jdbc().queryOne("SELECT outcome FROM session_seal_requests WHERE session_id = ?",
                rs -> rs.getString(1), session);
    }

    private List<String> messages(Level level) {
        synchronized (logged) { // the appender adds under its own lock
            return logged.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Fake: a media node whose answer to the end of a session the test sets; it counts the asks. */
    static final class FakeMediaNode implements MediaGateway {
        final List<SessionId> asked = new CopyOnWriteArrayList<>();
        volatile Throwable answer;
        private final MediaGateway idle = MediaGateway.none();

        @Override
        public CompletionStage<Void> sessionEnded(SessionId session, SessionEnd end) {
            asked.add(session);
            return answer == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(answer);
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void setSink(Sink sink) {
        }

        @Override
        public CompletionStage<Void> joined(SessionId session, ParticipantId participant) {
            return idle.joined(session, participant);
        }

        @Override
        public CompletionStage<Void> sdp(SessionId session, ParticipantId participant, String kind, String sdp, String purpose) {
            return idle.sdp(session, participant, kind, sdp, purpose);
        }

        @Override
        public CompletionStage<Void> ice(SessionId session, ParticipantId participant, String candidate, String sdpMid,
                                         Integer sdpMLineIndex) {
            return idle.ice(session, participant, candidate, sdpMid, sdpMLineIndex);
        }

        @Override
        public CompletionStage<Void> left(SessionId session, ParticipantId participant) {
            return idle.left(session, participant);
        }
    }
}
