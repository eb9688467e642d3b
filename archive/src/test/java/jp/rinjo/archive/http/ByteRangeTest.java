package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/** Range headers as browsers send them (RFC 9110 §14.1.2). */
class ByteRangeTest {
    @Test
    void theFormsPlayersSendSelectTheRightBytes() {
        assertThat(ByteRange.parse("bytes=0-", 1000)).contains(new ByteRange(0, 1000));
        assertThat(ByteRange.parse("bytes=0-1", 1000)).contains(new ByteRange(0, 2));
        assertThat(ByteRange.parse("bytes=500-599", 1000)).contains(new ByteRange(500, 100));
        assertThat(ByteRange.parse("bytes=900-5000", 1000)).contains(new ByteRange(900, 100)); // an end past the file is the file's end
        assertThat(ByteRange.parse("bytes=-100", 1000)).contains(new ByteRange(900, 100));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).contains(new ByteRange(0, 1000));
        assertThat(ByteRange.parse("bytes=999-999", 1000).orElseThrow().contentRange(1000)).isEqualTo("bytes 999-999/1000");
    }

    @Test
    void whatIsNotUnderstoodIsIgnoredAndWhatLiesOutsideIsRefused() {
        for (String ignored : new String[] {null, "", "items=0-1", "bytes=0-1,5-6", "bytes=9-3", "bytes=-", "bytes=x-1",
                "bytes=99999999999999999999-"}) {
            assertThat(ByteRange.parse(ignored, 1000)).as(ignored).isEqualTo(Optional.empty());
        }
        for (String outside : new String[] {"bytes=1000-", "bytes=1000-1001", "bytes=-0"}) {
            assertThatThrownBy(() -> ByteRange.parse(outside, 1000)).as(outside)
                    .isInstanceOfSatisfying(RinjoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RANGE_NOT_SATISFIABLE));
        }
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(RinjoException.class);
    }
}
