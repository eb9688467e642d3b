package jp.rinjo.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AddressRangesTest {
    final AddressRanges ranges = AddressRanges.of("metrics.allow", List.of("127.0.0.0/8", "::1", "10.0.0.0/8", "fc00::/7"));

    @Test
    void addressesInsideAnyRangeAreContainedOthersAreNot() {
        assertThat(ranges.contains("127.0.0.1")).isTrue();
        assertThat(ranges.contains("10.255.0.9")).isTrue();
        assertThat(ranges.contains("::1")).isTrue();
        assertThat(ranges.contains("fd12:3456::7")).isTrue();
        assertThat(ranges.contains("11.0.0.1")).isFalse();
        assertThat(ranges.contains("2001:db8::1")).isFalse();
    }

    @Test
    void anIpv4PeerInItsMappedIpv6FormMatchesTheIpv4Ranges() {
        assertThat(ranges.contains("::ffff:10.1.2.3")).isTrue();
        assertThat(ranges.contains("::ffff:203.0.113.7")).isFalse();
    }

    @Test
    void whatIsNotAnIpLiteralIsNeverContainedAndNeverLookedUp() {
        assertThat(ranges.contains("localhost")).isFalse();
        assertThat(ranges.contains("999.0.0.1")).isFalse();
        assertThat(ranges.contains("unknown")).isFalse();
        assertThat(ranges.contains((String) null)).isFalse();
    }

    @Test
    void anEmptyListContainsNothingAndEverythingNeedsTwoRanges() {
        assertThat(AddressRanges.of("metrics.allow", List.of()).contains("127.0.0.1")).isFalse();
        AddressRanges all = AddressRanges.of("metrics.allow", List.of("0.0.0.0/0", "::/0"));
        assertThat(all.contains("203.0.113.7")).isTrue();
        assertThat(all.contains("2001:db8::1")).isTrue();
    }

    @Test
    void aBadEntryIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> AddressRanges.of("metrics.allow", List.of("prometheus.city.example.jp")))
                .hasMessageContaining("metrics.allow").hasMessageContaining("prometheus.city.example.jp");
        assertThatThrownBy(() -> AddressRanges.of("metrics.allow", List.of("::1/129"))).hasMessageContaining("prefix length outside 0–128");
    }
}
