package jp.rinjo.media.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.ice.IceCandidates;
import jp.rinjo.media.transport.ice.IceCredentials;

/** The browser SDPs under {@code src/test/resources/sdp/} and a node transport to answer them with. */
final class SdpSamples {
    static final String CHROME = "chrome-desktop-offer.sdp";
    static final String CHROME_SIMULCAST = "chrome-desktop-simulcast-offer.sdp";
    static final String SAFARI_IOS = "safari-ios-offer.sdp";
    static final String FIREFOX = "firefox-offer.sdp";
    static final String ANDROID_CHROME = "android-chrome-offer.sdp";
    static final String CHROME_SUBSCRIBE_ANSWER = "chrome-subscribe-answer.sdp";
    static final List<String> OFFERS = List.of(CHROME, CHROME_SIMULCAST, SAFARI_IOS, FIREFOX, ANDROID_CHROME);

    static final String NODE_FINGERPRINT =
            "sha-256 F5:F7:9F:2B:49:34:AF:87:F5:52:0B:69:B9:4B:0D:98:2E:85:BB:55:B6:72:A8:72:63:7A:CD:74:66:FC:B6:0E";

    private SdpSamples() {
    }

    static String text(String name) {
        try (InputStream in = SdpSamples.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /sdp/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String name) {
        return SdpParser.parse(text(name));
    }

    static NodeTransport nodeTransport() {
        return nodeTransport(new IceCredentials("nodeUfrg", "nodePassword0123456789ab"));
    }

    static NodeTransport nodeTransport(IceCredentials ice) {
        try {
            return new NodeTransport(ice, DtlsFingerprint.parse(NODE_FINGERPRINT), IceCandidates.hostCandidates(List.of(
                    new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 40000),
                    new InetSocketAddress(InetAddress.getByName("2001:db8::10"), 40000))));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String BROWSER_FINGERPRINT =
            "sha-256 A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C";

    /** Joins lines into an SDP with CRLF endings. */
    static String sdp(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    /** v=, o=, s=, t= and a BUNDLE group of the given mids. */
    static String[] session(String... bundleMids) {
        return new String[] {"v=0", "o=- 1234 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE " + String.join(" ", bundleMids)};
    }

    /** Browser-style transport lines of one m-section (after its m= line). */
    static String[] transport(String mid) {
        return new String[] {"c=IN IP4 0.0.0.0", "a=ice-ufrag:brws", "a=ice-pwd:browserPassword012345678",
                "a=fingerprint:" + BROWSER_FINGERPRINT, "a=setup:actpass", "a=mid:" + mid, "a=rtcp-mux"};
    }

    /** A small offer: an Opus audio section (mid 0) and a video section (mid 1) with the given codec lines. */
    static String smallOffer(String videoPayloadTypes, String... videoLines) {
        List<String> lines = new java.util.ArrayList<>(List.of(session("0", "1")));
        lines.add("m=audio 9 UDP/TLS/RTP/SAVPF 111");
        lines.addAll(List.of(transport("0")));
        lines.addAll(List.of("a=sendonly", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=ssrc:11 cname:c"));
        lines.add("m=video 9 UDP/TLS/RTP/SAVPF " + videoPayloadTypes);
        lines.addAll(List.of(transport("1")));
        lines.add("a=sendonly");
        lines.addAll(List.of(videoLines));
        return sdp(lines.toArray(String[]::new));
    }

    /** The lines of an SDP without their CRLF. */
    static List<String> lines(String sdp) {
        return List.of(sdp.split("\r\n"));
    }
}
