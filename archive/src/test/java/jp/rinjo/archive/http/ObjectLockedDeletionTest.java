package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.archive.testing.FakeObjectLockStore;
import jp.rinjo.media.recording.evidence.TestTsa;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.StoredObject;
import jp.rinjo.scheduling.testing.Fixtures;

/**
 * Deletion on a store with object lock, where objects added after the seal (here the time-stamp
 * token of a manifest sealed while the authority was down) stay locked longer than the seal's own:
 * once the archive's retention has ended, a deletion while any object is still locked is refused
 * with every object and the index entry kept, so the recording still verifies; once every lock has
 * ended it deletes everything.
 */
class ObjectLockedDeletionTest {
    @TempDir
    Path dir;

    @Test
    void aDeletionWhileAnyObjectIsStillLockedDeletesNothingAndLaterDeletesEverything() throws Exception {
        Fixtures.MutableClock storeClock = new Fixtures.MutableClock(Instant.now());
        FakeObjectLockStore store = new FakeObjectLockStore(new FilesystemEvidenceStore(dir.resolve("store")), storeClock,
                Duration.ofDays(400));
        try (TestTsa tsa = new TestTsa();
             ArchiveScenario sc = new ArchiveScenario(dir, store, 0, Optional.of(TimestampLaterTest.down()), Optional.of(tsa.client()))) {
            String admin = sc.token("admin");
            String prefix = sc.recorded.sealed.objectPrefix() + "/";
            sc.json("PUT", "/api/archive/contracts/" + ArchiveApiTest.enc(ArchiveScenario.CONTRACT) + "/policy", admin,
                    new JsonObject().put("retentionYears", 1).put("legalHold", false), 200);
            // the token is stored 100 days after the seal, so its lock ends 100 days after the others'
            advance(sc, storeClock, Duration.ofDays(100));
            admin = sc.token("admin");
            sc.json("POST", sc.recordingPath() + "/timestamp", admin, null, 200);
            List<String> keys = sc.archive.store().list(prefix).stream().map(StoredObject::key).toList();
            assertThat(keys).contains(prefix + "manifest.tsr", prefix + "manifest.json");

            // the archive's year is over and so are the seal's locks, but not the token's
            advance(sc, storeClock, Duration.ofDays(320));
            admin = sc.token("admin");
            JsonObject refused = sc.json("DELETE", sc.recordingPath(), admin, null, 409);
            assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("object-locked");
            assertThat(refused.getJsonObject("error").getString("message")).contains("manifest.tsr").contains("nothing was deleted");
            assertThat(sc.archive.store().list(prefix).stream().map(StoredObject::key).toList()).isEqualTo(keys);
            assertThat(sc.json("POST", sc.recordingPath() + "/verify", admin, null, 200).getString("status")).isEqualTo("OK");

            advance(sc, storeClock, Duration.ofDays(100));
            admin = sc.token("admin");
            assertThat(sc.call("DELETE", sc.recordingPath(), admin, null).statusCode()).isEqualTo(204);
            assertThat(sc.archive.store().list(prefix)).isEmpty();
            var actions = sc.archive.audit().list(sc.sessionId.value(), null, 50).stream()
                    .map(a -> a.event().action() + ":" + a.event().outcome()).toList();
            assertThat(actions).contains("DELETE:OK", "DELETE:REFUSED");
        }
    }

    /** The archive's and the store's clocks both run (each node keeps its own). */
    static void advance(ArchiveScenario sc, Fixtures.MutableClock storeClock, Duration d) {
        sc.f.clock.advance(d);
        storeClock.advance(d);
    }
}
