package jp.rinjo.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.still.InMemorySessionStills;
import jp.rinjo.scheduling.still.SessionStill;
import jp.rinjo.scheduling.still.SessionStills;

/**
 * The tries to describe a recorded still, against the in-memory store behind a fault injector (the end-to-end
 * case with a real database refusing is {@code RemoteStillsApiTest} in the standalone module).
 */
class StillListingTest {
    private final Vertx vertx = Vertx.vertx();
    private final SessionId session = SessionId.random();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Refuses the first {@code refusals} writes; {@code keepsWhenRefusing} has a refused write land all the same (its answer lost). */
    static final class RefusingStills implements SessionStills {
        final InMemorySessionStills kept = new InMemorySessionStills();
        final AtomicInteger tries = new AtomicInteger();
        final int refusals;
        final boolean keepsWhenRefusing;

        RefusingStills(int refusals, boolean keepsWhenRefusing) {
            this.refusals = refusals;
            this.keepsWhenRefusing = keepsWhenRefusing;
        }

        @Override
        public void keep(SessionStill still) {
            if (tries.incrementAndGet() <= refusals) {
                if (keepsWhenRefusing) {
                    kept.keep(still);
                }
                throw new RinjoException(ErrorCode.INTERNAL, "database error");
            }
            kept.keep(still);
        }

        @Override
        public List<SessionStill> forSession(SessionId s) {
            return kept.forSession(s);
        }

        @Override
        public int count(SessionId s) {
            return kept.count(s);
        }
    }

    StillListing.Outcome keep(SessionStills stills) throws Exception {
        StillListing listing = new StillListing(stills, new ApiSupport(vertx.createSharedWorkerExecutor("test-db"), null));
        return vertx.getOrCreateContext().<StillListing.Outcome>executeBlocking(() -> listing.keep(vertx, still()))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    SessionStill still() {
        return new SessionStill(StillId.random(), session, "0".repeat(64), 1234, Instant.parse("2026-11-28T01:00:00Z"), null,
                ParticipantId.random(), "現場代理人 佐藤", ParticipantRole.CONTRACTOR, 640, 480, null);
    }

    static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aDatabaseThatTakesTheWriteListsItAtTheFirstTry() throws Exception {
        RefusingStills stills = new RefusingStills(0, false);
        StillListing.Outcome o = keep(stills);
        await(o.firstTry());
        assertThat(stills.forSession(session)).hasSize(1);
        assertThat(await(o.listed())).isTrue();
        assertThat(stills.tries.get()).isEqualTo(1);
    }

    @Test
    void refusedWritesAreTriedAgainUntilTheDatabaseTakesOne() throws Exception {
        RefusingStills stills = new RefusingStills(2, false);
        StillListing.Outcome o = keep(stills);
        await(o.firstTry()); // the upload is answered though the first write was refused
        assertThat(o.listed().isComplete()).isFalse();
        assertThat(await(o.listed())).isTrue();
        assertThat(stills.tries.get()).isEqualTo(3);
        assertThat(stills.forSession(session)).hasSize(1);
    }

    @Test
    void aWriteThatLandedThoughItsAnswerWasLostIsNotKeptTwice() throws Exception {
        RefusingStills stills = new RefusingStills(1, true);
        StillListing.Outcome o = keep(stills);
        assertThat(await(o.listed())).isTrue();
        // the second try met the first one's row (a conflict) and stopped there
        assertThat(stills.tries.get()).isEqualTo(2);
        assertThat(stills.forSession(session)).hasSize(1);
    }
}
