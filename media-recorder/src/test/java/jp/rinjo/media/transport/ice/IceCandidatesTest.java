package jp.rinjo.media.transport.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IceCandidatesTest {

    @ParameterizedTest(name = "type {0}, local {1}, component {2} -> {3}")
    @CsvSource({
            "126, 65535, 1, 2130706431", // the familiar top host priority
            "126, 65535, 2, 2130706430",
            "126, 65534, 1, 2130706175",
            "126, 0, 1, 2113929471",
            "110, 65535, 1, 1862270975", // peer-reflexive
            "0, 0, 256, 0",
    })
    void priorityFollowsRfc8445(int type, int local, int component, long expected) {
        assertThat(IceCandidates.priority(type, local, component)).isEqualTo(expected);
    }

    @Test
    void priorityRejectsOutOfRangeInputs() {
        assertThatThrownBy(() -> IceCandidates.priority(127, 0, 1)).hasMessageContaining("type preference");
        assertThatThrownBy(() -> IceCandidates.priority(126, 65536, 1)).hasMessageContaining("local preference");
        assertThatThrownBy(() -> IceCandidates.priority(126, 0, 0)).hasMessageContaining("component id");
    }

    @Test
    void formatsAnIpv4HostCandidate() throws Exception {
        String c = IceCandidates.hostCandidate("1", new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 40000), 65535);
        assertThat(c).isEqualTo("candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host");
        assertThat(IceCandidates.sdpLine(c)).isEqualTo("a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host");
    }

    @Test
    void formatsAnIpv6HostCandidateCompressed() throws Exception {
        String c = IceCandidates.hostCandidate("2",
                new InetSocketAddress(InetAddress.getByName("2001:0DB8:0:0:0:0:0:0A"), 3478), 65534);
        assertThat(c).isEqualTo("candidate:2 1 udp 2130706175 2001:db8::a 3478 typ host");
    }

    @Test
    void severalAddressesGetDistinctFoundationsAndDescendingPriorities() throws Exception {
        List<String> lines = IceCandidates.hostCandidates(List.of(
                new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 10000),
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 10000)));
        assertThat(lines).containsExactly(
                "candidate:1 1 udp 2130706431 2001:db8::1 10000 typ host",
                "candidate:2 1 udp 2130706175 192.0.2.1 10000 typ host");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // RFC 5952 §4 examples and edge cases
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // a single zero group stays
            "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::", // longest run wins
            "0:0:0:0:0:0:0:1, ::1",
            "0:0:0:0:0:0:0:0, ::",
            "1:0:0:0:0:0:0:0, 1::",
            "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff",
    })
    void formatsIpv6PerRfc5952(String input, String expected) throws Exception {
        assertThat(IceCandidates.format(InetAddress.getByName(input))).isEqualTo(expected);
    }

    @Test
    void rejectsAddressesABrowserCannotUse() throws Exception {
        assertThatThrownBy(() -> IceCandidates.hostCandidate("1",
                new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 5), 1))
                .hasMessageContaining("unicast");
        assertThatThrownBy(() -> IceCandidates.hostCandidate("1",
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0), 1)).hasMessageContaining("port");
        assertThatThrownBy(() -> IceCandidates.hostCandidate("1",
                new InetSocketAddress(InetAddress.getByName("fe80::1"), 5), 1)).hasMessageContaining("link-local");
        assertThatThrownBy(() -> IceCandidates.hostCandidate("1", InetSocketAddress.createUnresolved("media.example", 5), 1))
                .hasMessageContaining("resolved");
        assertThatThrownBy(() -> IceCandidates.hostCandidate("a b",
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 5), 1)).hasMessageContaining("ice-chars");
        assertThatThrownBy(() -> IceCandidates.hostCandidates(List.of())).hasMessageContaining("at least one");
    }
}
