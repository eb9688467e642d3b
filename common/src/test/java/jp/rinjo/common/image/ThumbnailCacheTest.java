package jp.rinjo.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cache keeps thumbnails within its bound in bytes, dropping the least recently used; a damaged photo is remembered as such. */
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
}
