package jp.rinjo.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import org.junit.jupiter.api.Test;

/**
 * The cache keeps thumbnails within its bound in bytes, dropping the least recently used; a damaged photo is remembered as such;
 * a thumbnail asked for by many at once is made once, and a failure to make it is not kept.
 */
class ThumbnailCacheTest {

    @Test
    void keepsWithinItsBoundDroppingTheLeastRecentlyUsed() {
        ThumbnailCache.Entry a = ThumbnailCache.Entry.of(TestJpegs.of(1920, 1080, 1));
        ThumbnailCache.Entry b = ThumbnailCache.Entry.of(TestJpegs.of(1920, 1080, 2));
        ThumbnailCache.Entry c = ThumbnailCache.Entry.of(TestJpegs.of(1920, 1080, 3));
        long each = Math.max(a.bytes(), Math.max(b.bytes(), c.bytes()));
        ThumbnailCache cache = new ThumbnailCache(2 * each + 10);
        cache.keep("a", a);
        cache.keep("b", b);
        assertThat(cache.find("a")).contains(a); // a is now used more recently than b
        cache.keep("c", c);
        assertThat(cache.find("b")).isEmpty();
        assertThat(cache.find("a")).contains(a);
        assertThat(cache.find("c")).contains(c);
        assertThat(cache.bytes()).isLessThanOrEqualTo(2 * each + 10).isEqualTo(a.bytes() + c.bytes());
        cache.keep("a", a); // the same key again is not counted twice
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.bytes()).isEqualTo(a.bytes() + c.bytes());
    }

    @Test
    void aDamagedPhotoIsRememberedAsUnreadableAndANothingCacheKeepsNothing() {
        ThumbnailCache.Entry bad = ThumbnailCache.Entry.of(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9});
        assertThat(bad.thumbnail()).isNull();
        assertThat(bad.unreadable()).isNotBlank();
        ThumbnailCache cache = new ThumbnailCache(1024);
        cache.keep("bad", bad);
        assertThat(cache.find("bad")).contains(bad);

        ThumbnailCache none = new ThumbnailCache(0);
        none.keep("bad", bad);
        assertThat(none.find("bad")).isEmpty();
        assertThat(none.bytes()).isZero();
    }

    @Test
    void manyAskingForTheSameThumbnailAtOnceMakeItOnceAndAllGetIt() throws Exception {
        byte[] jpeg = TestJpegs.of(1920, 1080, 4);
        ThumbnailCache cache = new ThumbnailCache(1 << 20);
        int askers = 8;
        CountDownLatch allAsked = new CountDownLatch(askers);
        AtomicInteger made = new AtomicInteger();
        ExecutorService askingThreads = Executors.newFixedThreadPool(askers);
        ExecutorService decoding = Executors.newSingleThreadExecutor();
        try {
            List<Future<CompletableFuture<ThumbnailCache.Entry>>> asked = new ArrayList<>();
            for (int i = 0; i < askers; i++) {
                asked.add(askingThreads.submit(() -> {
                    CompletableFuture<ThumbnailCache.Entry> f = cache.entry("s/1", () -> {
                        made.incrementAndGet();
                        // the decoding is held until every asker has asked, so none of them can find it already kept
                        return CompletableFuture.supplyAsync(() -> {
                            try {
                                if (!allAsked.await(30, TimeUnit.SECONDS)) {
                                    throw new IllegalStateException("not everyone asked");
                                }
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                            return ThumbnailCache.Entry.of(jpeg);
                        }, decoding);
                    });
                    allAsked.countDown();
                    return f;
                }));
            }
            List<ThumbnailCache.Entry> entries = new ArrayList<>();
            for (Future<CompletableFuture<ThumbnailCache.Entry>> f : asked) {
                entries.add(f.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS));
            }
            assertThat(made).hasValue(1);
            assertThat(entries).hasSize(askers).allSatisfy(e -> assertThat(e).isSameAs(entries.get(0)));
            assertThat(entries.get(0).require().jpeg()).isNotEmpty();
            assertThat(cache.find("s/1")).containsSame(entries.get(0));
            // a blocking asker afterwards gets the kept one without making it
            assertThat(cache.entryBlocking("s/1", () -> {
                throw new AssertionError("made again");
            })).isSameAs(entries.get(0));
        } finally {
            askingThreads.shutdownNow();
            decoding.shutdownNow();
        }
    }

    @Test
    void aFailureReachesTheWaitersAndIsNotKeptSoTheNextAskTriesAgain() {
        ThumbnailCache cache = new ThumbnailCache(1 << 20);
        var first = new CompletableFuture<ThumbnailCache.Entry>();
        var maker = cache.entry("s/2", () -> first);
        var waiter = cache.entry("s/2", () -> {
            throw new AssertionError("made twice");
        });
        first.completeExceptionally(RinjoException.notFound("still s/2"));
        assertThatThrownBy(maker::join).hasCauseInstanceOf(RinjoException.class);
        assertThatThrownBy(waiter::join).hasCauseInstanceOf(RinjoException.class).cause().hasMessageContaining("still s/2");
        assertThat(cache.find("s/2")).isEmpty();

        assertThatThrownBy(() -> cache.entryBlocking("s/2", () -> {
            throw new IllegalStateException("store down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("store down");
        assertThat(cache.find("s/2")).isEmpty();

        byte[] jpeg = TestJpegs.of(640, 480, 5);
        ThumbnailCache.Entry again = cache.entryBlocking("s/2", () -> ThumbnailCache.Entry.of(jpeg));
        assertThat(again.require().jpeg()).isNotEmpty();
        assertThat(cache.find("s/2")).containsSame(again);
    }

    @Test
    void anUnreadablePhotoIsRememberedAndNotDecodedAgain() {
        ThumbnailCache cache = new ThumbnailCache(1024);
        byte[] damaged = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        ThumbnailCache.Entry bad = cache.entryBlocking("bad", () -> ThumbnailCache.Entry.of(damaged));
        assertThatThrownBy(bad::require).isInstanceOfSatisfying(RinjoException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREADABLE_IMAGE));
        ThumbnailCache.Entry later = cache.entryBlocking("bad", () -> {
            throw new AssertionError("decoded again");
        });
        assertThat(later).isSameAs(bad);
    }
}
