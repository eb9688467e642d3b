package jp.rinjo.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Whose address a request behind a reverse proxy comes from, and that nobody else can say so. */
class TrustedProxiesTest {
    final TrustedProxies lb = TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8", "192.0.2.1"));

    @Test
    void theClientIsTheRightMostAddressNotAListedProxy() {
        assertThat(lb.clientAddress("10.1.2.3", "203.0.113.7")).isEqualTo("203.0.113.7");
        // a client writing its own header gets it appended to, not replaced: its invention stays on the left
        assertThat(lb.clientAddress("10.1.2.3", "1.2.3.4, 203.0.113.7")).isEqualTo("203.0.113.7");
        // two proxies in a row, the inner one listed too
        assertThat(lb.clientAddress("10.1.2.3", "203.0.113.7, 10.9.9.9")).isEqualTo("203.0.113.7");
        assertThat(lb.clientAddress("192.0.2.1", "203.0.113.7:5123")).isEqualTo("203.0.113.7");
        assertThat(lb.clientAddress("fd00::1", "[2001:db8::7]:443")).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void aHeaderFromAnyoneElseOrWithGarbageIsNotBelieved() {
        assertThat(lb.clientAddress("198.51.100.9", "203.0.113.7")).as("not a listed proxy").isEqualTo("198.51.100.9");
        assertThat(lb.clientAddress("192.0.2.2", "203.0.113.7")).as("a single address lists only itself").isEqualTo("192.0.2.2");
        assertThat(lb.clientAddress("10.1.2.3", null)).isEqualTo("10.1.2.3");
        assertThat(lb.clientAddress("10.1.2.3", "unknown")).isEqualTo("10.1.2.3");
        assertThat(lb.clientAddress("10.1.2.3", "203.0.113.7, not-an-address")).isEqualTo("10.1.2.3");
        // an out-of-range quad would be looked up as a host name: refused as garbage instead
        assertThat(lb.clientAddress("10.1.2.3", "999.1.1.1")).isEqualTo("10.1.2.3");
        assertThat(TrustedProxies.none().clientAddress("10.1.2.3", "203.0.113.7")).isEqualTo("10.1.2.3");
    }

    @Test
    void aSettingThatIsNotAnAddressOrRangeStopsTheStartWithItsName() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.city.example.jp"))).hasMessageContaining("http.trusted-proxies")
                .hasMessageContaining("proxy.city.example.jp");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length outside 0–32");
    }
}
