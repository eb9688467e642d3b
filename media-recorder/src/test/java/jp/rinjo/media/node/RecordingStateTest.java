package jp.rinjo.media.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.control.MediaControl;

/** The recorder's news for a session, as participants get it from the node, now and when they join later. */
class RecordingStateTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    MediaNode node;
    final LinkedBlockingQueue<String> told = new LinkedBlockingQueue<>();
    final SessionId session = SessionId.random();

    @BeforeEach
    void start() throws Exception {
        node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMillis(100), 0, 0));
        node.setListener(new MediaControl.Listener() {
            @Override
            public void subscribeOffer(SessionId s, ParticipantId p, String sdp) {
            }

            @Override
            public void recording(SessionId s, String state, String detail) {
                told.add(s.value() + " " + state + " " + detail);
            }
        });
    }

    @AfterEach
    void stop() {
        node.close();
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    String nextTold() throws InterruptedException {
        String s = told.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(s).as("recording news").isNotNull();
        return s;
    }

    @Test
    void someoneWhoJoinsLaterIsToldTheRoomsLatestRecordingState() throws Exception {
        await(node.joined(session, ParticipantId.random()));
        node.engine().announceRecording(session, "recording", "");
        assertThat(nextTold()).isEqualTo(session.value() + " recording ");
        await(node.joined(session, ParticipantId.random()));
        assertThat(nextTold()).as("repeated to the newcomer").isEqualTo(session.value() + " recording ");
    }

    @Test
    void newsThatComesAfterTheRoomClosedIsNotKeptForWhoeverUsesTheSessionLater() throws Exception {
        ParticipantId last = ParticipantId.random();
        await(node.joined(session, last));
        await(node.left(session, last));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (node.load().sessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50); // the rejoin grace (200 ms here) runs out and the room closes
        }
        assertThat(node.load().sessions()).isZero();
        // a segment stored late, after upload retries
        node.engine().announceRecording(session, "failed", "the evidence store is unreachable");
        assertThat(nextTold()).contains("failed");
        await(node.joined(session, ParticipantId.random()));
        assertThat(told).as("stale news repeated on a later join (it would be told before joined returns)").isEmpty();
    }
}
