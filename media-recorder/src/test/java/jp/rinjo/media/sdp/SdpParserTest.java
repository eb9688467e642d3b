package jp.rinjo.media.sdp;

import static jp.rinjo.media.sdp.SdpSamples.sdp;
import static jp.rinjo.media.sdp.SdpSamples.session;
import static jp.rinjo.media.sdp.SdpSamples.transport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.media.rtp.codec.Codec;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdpParserTest {

    @Test
    void parsesChromeDesktopOffer() {
        SessionDescription d = SdpSamples.parse(SdpSamples.CHROME);
        assertThat(d.origin()).isEqualTo("- 4611731400430051336 2 IN IP4 127.0.0.1");
        assertThat(d.bundleMids()).containsExactly("0", "1");
        assertThat(d.iceLite()).isFalse();
        assertThat(d.extmapAllowMixed()).isTrue();
        assertThat(d.sessionIce()).isNull();
        assertThat(d.sessionFingerprint()).isNull();
        assertThat(d.media()).hasSize(2);

        MediaSection audio = d.media().get(0);
        assertThat(audio.kind()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(56143);
        assertThat(audio.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.payloadTypes()).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(audio.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(audio.ice().ufrag()).isEqualTo("Fy3k");
        assertThat(audio.ice().pwd()).isEqualTo("Q8n3zJgYdeUXqvzZ2xxnk7Rr");
        assertThat(audio.fingerprint()).isEqualTo(DtlsFingerprint.parse(SdpSamples.BROWSER_FINGERPRINT));
        assertThat(audio.setup()).isEqualTo("actpass");
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpRsize()).isTrue();
        assertThat(audio.codecs()).extracting(RtpCodec::payloadType).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
        assertThat(audio.codec(111)).contains(new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1",
                List.of("transport-cc")));
        assertThat(audio.codec(63).orElseThrow().fmtpParameters()).containsOnlyKeys("111/111");
        assertThat(audio.extensions()).extracting(HeaderExtension::id).containsExactly(1, 2, 3, 4);
        assertThat(audio.extension(HeaderExtension.SDES_MID).orElseThrow().id()).isEqualTo(4);
        assertThat(audio.ssrcs()).containsExactly(new SsrcInfo(3735928559L, "kV4tq2Xz8eLm+P3w",
                "b3e5a6f1-2c4d-4e8f-9a1b-7c6d5e4f3a21 0f4c2a1e-8b7d-4c3e-a9f2-1d5e6b7c8a90"));
        assertThat(audio.streamId()).isEqualTo("b3e5a6f1-2c4d-4e8f-9a1b-7c6d5e4f3a21");
        assertThat(audio.trackId()).isEqualTo("0f4c2a1e-8b7d-4c3e-a9f2-1d5e6b7c8a90");
        assertThat(audio.candidates()).hasSize(2).allMatch(c -> c.startsWith("candidate:"));
        assertThat(audio.candidates().get(1)).contains("203.0.113.7 56143 typ srflx");

        MediaSection video = d.media().get(1);
        assertThat(video.codecs()).hasSize(25);
        RtpCodec h264 = video.codec(106).orElseThrow();
        assertThat(h264.rtcpFeedback()).containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
        assertThat(h264.fmtpParameters()).containsEntry("packetization-mode", "1").containsEntry("profile-level-id", "42e01f");
        assertThat(video.codec(107).orElseThrow().fmtpParameters()).containsEntry("apt", "106");
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(2882400001L, 2882400002L)));
        assertThat(video.ssrcs()).extracting(SsrcInfo::ssrc).containsExactly(2882400001L, 2882400002L);
        assertThat(video.mediaSsrcs()).containsExactly(2882400001L);
        assertThat(video.simulcast()).isFalse();
        assertThat(video.extension("urn:3gpp:video-orientation").orElseThrow().id()).isEqualTo(13);
    }

    @Test
    void simulcastOfferHasRidsAndNoVideoSsrcs() {
        MediaSection video = SdpSamples.parse(SdpSamples.CHROME_SIMULCAST).media().get(1);
        assertThat(video.simulcast()).isTrue();
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.ssrcs()).isEmpty();
        assertThat(video.mediaSsrcs()).isEmpty();
        assertThat(video.trackId()).isEqualTo("6e2d9c4b-3a1f-4e8d-b7c6-5a4f3e2d1c0b");
        assertThat(video.candidates()).isEmpty();
    }

    @Test
    void firefoxSessionLevelFingerprintResolvesIntoEverySection() {
        SessionDescription d = SdpSamples.parse(SdpSamples.FIREFOX);
        assertThat(d.origin()).startsWith("mozilla...THIS_IS_SDPARTA");
        assertThat(d.sessionFingerprint()).isNotNull();
        assertThat(d.media()).allSatisfy(m -> {
            assertThat(m.fingerprint()).isEqualTo(d.sessionFingerprint());
            assertThat(m.ice().ufrag()).isEqualTo("5c2a9e1f");
            assertThat(m.setup()).isEqualTo("actpass");
        });
        d.requireTransport();
        assertThat(d.transportIce().ufrag()).isEqualTo("5c2a9e1f");
        assertThat(d.transportFingerprint()).isEqualTo(d.sessionFingerprint());

        MediaSection video = d.media().get(1);
        // Codecs follow the m-line order, not the order of the rtpmap lines.
        assertThat(video.codecs()).extracting(RtpCodec::payloadType)
                .containsExactly(120, 124, 121, 125, 126, 127, 97, 98, 123, 122, 119);
        assertThat(video.codec(126).orElseThrow().rinjoCodec()).contains(Codec.H264);
        assertThat(video.codec(97).orElseThrow().rinjoCodec()).as("no packetization-mode means mode 0").isEmpty();
        assertThat(video.extension("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay").orElseThrow().direction())
                .isEqualTo("recvonly");
        assertThat(video.mediaSsrcs()).containsExactly(1573064011L);
        assertThat(video.streamId()).isEqualTo("{4f6c1b8e-2a3d-4e5f-9a8b-7c6d5e4f3a2b}");
        assertThat(d.media().get(0).codec(9).orElseThrow().channels()).isEqualTo(1);
    }

    @Test
    void androidOfferWithLfLineEndingsAndDataChannel() {
        String text = SdpSamples.text(SdpSamples.ANDROID_CHROME);
        assertThat(text).doesNotContain("\r");
        SessionDescription d = SdpParser.parse(text);
        assertThat(d.media()).extracting(MediaSection::kind).containsExactly("video", "audio", "application");
        MediaSection app = d.media().get(2);
        assertThat(app.isRtp()).isFalse();
        assertThat(app.payloadTypes()).isEmpty();
        assertThat(app.formats()).containsExactly("webrtc-datachannel");
        assertThat(app.protocol()).isEqualTo("UDP/DTLS/SCTP");
        MediaSection audio = d.media().get(1);
        assertThat(audio.streamId()).isEqualTo("-");
        assertThat(audio.trackId()).isEqualTo("deadbeef-5678-4cde-8f01-23456789abcd");
    }

    @Test
    void safariOfferParses() {
        SessionDescription d = SdpSamples.parse(SdpSamples.SAFARI_IOS);
        assertThat(d.media().get(1).codecs().get(0).fmtpParameters()).containsEntry("profile-level-id", "640c1f");
        assertThat(d.media().get(1).codec(100).orElseThrow().name()).isEqualTo("H265");
    }

    @Test
    void parsesChromeAnswerToSubscribeOffer() {
        SessionDescription d = SdpSamples.parse(SdpSamples.CHROME_SUBSCRIBE_ANSWER);
        assertThat(d.media()).extracting(MediaSection::direction)
                .containsExactly(Direction.RECVONLY, Direction.RECVONLY, Direction.INACTIVE);
        assertThat(d.media()).extracting(MediaSection::setup).containsOnly("active");
        assertThat(d.media().get(1).payloadTypes()).containsExactly(106);
    }

    @Test
    void sessionLevelDirectionIceAndExtmapApplyToSectionsWithoutTheirOwn() {
        SessionDescription d = SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0",
                "a=ice-ufrag:sess", "a=ice-pwd:sessionPassword0123456789", "a=sendonly",
                "a=extmap:5 " + HeaderExtension.SDES_MID,
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=rtpmap:111 opus/48000/2",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=ice-ufrag:medi", "a=recvonly", "a=extmap:5 urn:x", "a=rtpmap:96 VP8/90000"));
        assertThat(d.sessionIce().ufrag()).isEqualTo("sess");
        MediaSection audio = d.media().get(0);
        assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(audio.ice().ufrag()).isEqualTo("sess");
        assertThat(audio.extensions()).containsExactly(new HeaderExtension(5, HeaderExtension.SDES_MID, null));
        MediaSection video = d.media().get(1);
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(video.ice().ufrag()).as("media-level ufrag with session-level pwd").isEqualTo("medi");
        assertThat(video.ice().pwd()).isEqualTo("sessionPassword0123456789");
        assertThat(video.extensions()).containsExactly(new HeaderExtension(5, "urn:x", null));
    }

    @Test
    void wildcardFeedbackAppliesToEveryCodecAndStaticTypesWithoutRtpmapAreSkipped() {
        MediaSection m = SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0", "m=video 9 RTP/SAVPF 96 0",
                "a=rtpmap:96 VP8/90000", "a=rtcp-fb:*  nack   pli", "a=rtcp-fb:96 nack pli")).media().get(0);
        assertThat(m.payloadTypes()).containsExactly(96, 0);
        assertThat(m.codecs()).hasSize(1);
        assertThat(m.codecs().get(0).rtcpFeedback()).containsExactly("nack pli");
    }

    @Test
    void keepsTheFirstSupportedFingerprintAndSkipsWeakHashes() {
        String sha1 = "a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB";
        SessionDescription both = SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", sha1, "a=fingerprint:" + SdpSamples.BROWSER_FINGERPRINT));
        assertThat(both.media().get(0).fingerprint()).isEqualTo(DtlsFingerprint.parse(SdpSamples.BROWSER_FINGERPRINT));
        SessionDescription onlySha1 = SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx", sha1));
        assertThat(onlySha1.media().get(0).fingerprint()).isNull();
        assertThatThrownBy(onlySha1::requireTransport).isInstanceOf(SdpException.class)
                .hasMessageContaining("no a=fingerprint with a sha-256");
    }

    @Test
    void bundleOnlySectionWithPortZeroIsNotRejected() {
        List<String> lines = new ArrayList<>(List.of(session("0", "1")));
        lines.add("m=audio 9 UDP/TLS/RTP/SAVPF 111");
        lines.addAll(List.of(transport("0")));
        lines.add("m=video 0 UDP/TLS/RTP/SAVPF 96");
        lines.addAll(List.of(transport("1")));
        lines.add("a=bundle-only");
        lines.add("m=video 0 UDP/TLS/RTP/SAVPF 96");
        SessionDescription d = SdpParser.parse(sdp(lines.toArray(String[]::new)));
        assertThat(d.media()).extracting(MediaSection::rejected).containsExactly(false, false, true);
        assertThat(d.media().get(1).bundleOnly()).isTrue();
        d.requireTransport(); // the rejected third section without mid and transport is fine
    }

    @Test
    void requireTransportNamesWhatIsMissing() {
        String noFingerprint = SdpSamples.text(SdpSamples.CHROME).replaceAll("a=fingerprint:[^\r\n]*\r\n", "");
        assertThatThrownBy(() -> SdpParser.parse(noFingerprint).requireTransport()).isInstanceOf(SdpException.class)
                .hasMessageContaining("m-section 0 (audio, mid 0)").hasMessageContaining("a=fingerprint");
        String noIce = SdpSamples.text(SdpSamples.FIREFOX).replaceAll("a=ice-(ufrag|pwd):[^\r\n]*\r\n", "");
        assertThatThrownBy(() -> SdpParser.parse(noIce).requireTransport()).isInstanceOf(SdpException.class)
                .hasMessageContaining("a=ice-ufrag and a=ice-pwd");
        SessionDescription allRejected = SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0", "m=audio 0 RTP/AVP 0"));
        assertThatThrownBy(allRejected::requireTransport).hasMessageContaining("every m-section is rejected");
        SessionDescription empty = SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-"));
        assertThatThrownBy(empty::requireTransport).hasMessageContaining("no m-section");
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', textBlock = """
            3  | v=1                                    | must start with v=0
            7  | x=unknown                              | unknown line type 'x'
            7  | A=upper                                | not '<type>=<value>'
            7  | garbage                                | not '<type>=<value>'
            7  | v=0                                    | v= may only be the first line
            7  | a=rtpmap:128 opus/48000/2              | rtpmap payload type must be 0-127, got 128
            7  | a=rtpmap:111 opus                      | '<name>/<clock rate>[/<channels>]'
            7  | a=rtpmap:111 opus/0/2                  | clock rate must be 1-10000000, got 0
            12 | a=rtpmap:96 VP8/90000                  | a=rtpmap for payload type 96 appears twice
            7  | a=fmtp:x apt=96                        | fmtp payload type must be a number
            7  | a=extmap:0 urn:x                       | extmap id must be 1-255, got 0
            7  | a=extmap:256 urn:x                     | extmap id must be 1-255, got 256
            7  | a=extmap:4/sideways urn:x              | extmap direction must be
            12 | a=extmap:3 urn:y                       | extmap id 3 is used twice
            7  | a=fingerprint:sha-256 ZZ:00            | bad a=fingerprint
            7  | a=fingerprint:sha-256                  | '<hash function> <hex:pairs>'
            7  | a=ice-ufrag:ab                         | ice-ufrag must be 4-256 characters, got 2
            7  | a=ice-ufrag:ab;cd                      | ice-ufrag may contain only letters
            12 | a=ice-ufrag:other                      | a=ice-ufrag appears twice (first on line 8)
            7  | a=setup:sometimes                      | a=setup must be actpass, active, passive or holdconn
            12 | a=sendrecv                             | more than one direction attribute
            12 | a=mid:2                                | a=mid appears twice
            7  | a=mid:bad mid                          | mid has a character not allowed in a token
            7  | a=ssrc:4294967296 cname:x              | SSRC must be 0-4294967295, got 4294967296
            7  | a=ssrc:-1 cname:x                      | SSRC must be a number
            7  | a=ssrc-group:FID                       | a=ssrc-group must be
            7  | a=candidate:1 1 udp 1 192.0.2.1 9      | a=candidate must be
            7  | a=rtpmap                               | a=rtpmap needs a value
            7  | m=video 70000 UDP/TLS/RTP/SAVPF 96     | port must be 0-65535, got 70000
            7  | m=video 9 UDP/TLS/RTP/SAVPF 96 96      | payload type 96 is listed twice
            7  | m=video 9 UDP/TLS/RTP/SAVPF            | m= line must be
            7  | m=video 9 UDP/TLS/RTP/SAVPF VP8        | RTP payload type must be a number
            7  | m=video 9 UDP//SAVPF 96                | protocol part must be 1-32 token characters
            7  | o=- 1 1 IN IP4 0.0.0.0                 | o= must appear once, at session level
            """)
    void rejectsMalformedLinesNamingTheLine(int insertAfter, String line, String expected) {
        List<String> lines = new ArrayList<>(List.of(
                "v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0", "a=group:BUNDLE 1",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=rtpmap:96 VP8/90000",
                "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx", "a=extmap:3 urn:x", "a=recvonly", "a=mid:1"));
        if (line.startsWith("v=1")) {
            lines.set(0, line);
        } else {
            lines.add(insertAfter, line);
        }
        int lineNumber = line.startsWith("v=1") ? 1 : insertAfter + 1;
        assertThatThrownBy(() -> SdpParser.parse(sdp(lines.toArray(String[]::new))))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining("(line " + lineNumber + ": \"" + line)
                .satisfies(e -> assertThat(((SdpException) e).lineNumber()).isEqualTo(lineNumber))
                .satisfies(e -> assertThat(((SdpException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void rejectsInconsistentDescriptions() {
        assertThatThrownBy(() -> SdpParser.parse(sdp("v=0", "s=-"))).hasMessageContaining("no o= line");
        assertThatThrownBy(() -> SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4")))
                .hasMessageContaining("o= must have 6 fields");
        assertThatThrownBy(() -> SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0", "a=group:BUNDLE 0 1",
                "m=audio 9 RTP/SAVPF 0", "a=mid:0")))
                .hasMessageContaining("a=group:BUNDLE names mid 1, which no m-section has").hasMessageContaining("line 3");
        assertThatThrownBy(() -> SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0", "a=group:BUNDLE 0",
                "m=audio 9 RTP/SAVPF 0", "a=mid:0", "m=audio 9 RTP/SAVPF 0")))
                .hasMessageContaining("no a=mid, but the description uses BUNDLE").hasMessageContaining("line 6");
        assertThatThrownBy(() -> SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0",
                "m=audio 9 RTP/SAVPF 0", "a=mid:a", "m=audio 9 RTP/SAVPF 0", "a=mid:a")))
                .hasMessageContaining("mid a is used by two m-sections (first at line 3)");
        assertThatThrownBy(() -> SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0", "a=group:BUNDLE 0",
                "a=group:BUNDLE 1"))).hasMessageContaining("more than one BUNDLE group");
        assertThatThrownBy(() -> SdpParser.parse(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0",
                "m=audio 9 RTP/SAVPF 0", "a=ice-ufrag:abcd")))
                .hasMessageContaining("a=ice-ufrag but no a=ice-pwd").hasMessageContaining("line 3");
    }

    @Test
    void rejectsNullEmptyAndControlCharacters() {
        assertThatThrownBy(() -> SdpParser.parse(null)).isInstanceOf(SdpException.class).hasMessage("SDP is null");
        assertThatThrownBy(() -> SdpParser.parse("")).isInstanceOf(SdpException.class).hasMessage("SDP is empty");
        assertThatThrownBy(() -> SdpParser.parse("\r\n\n  \n")).hasMessage("SDP is empty");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=a\u0000b\r\n"))
                .isInstanceOf(SdpException.class)
                .hasMessage("control character 0x0 in line (line 3: \"s=a\\x00b\")");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\r\no=- 1 1 IN IP4 0.0.0.0\r\n"))
                .hasMessageContaining("control character 0xd").hasMessageContaining("line 1");
    }

    @Test
    void enforcesSizeLimits() {
        String base = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n";
        assertThatThrownBy(() -> SdpParser.parse(base + "s=" + "x".repeat(SdpParser.MAX_LENGTH) + "\r\n"))
                .isInstanceOf(SdpException.class).hasMessageContaining("more than the limit of 65536");
        assertThatThrownBy(() -> SdpParser.parse(base + "a=x\r\n".repeat(SdpParser.MAX_LINES)))
                .isInstanceOf(SdpException.class).hasMessage("SDP has more than 2000 lines");
        assertThatThrownBy(() -> SdpParser.parse(base + "\n".repeat(SdpParser.MAX_LINES)))
                .hasMessage("SDP has more than 2000 lines");
        String sections = "m=audio 9 RTP/SAVPF 0\r\n".repeat(SdpParser.MAX_MEDIA_SECTIONS);
        assertThat(SdpParser.parse(base + sections).media()).hasSize(64);
        assertThatThrownBy(() -> SdpParser.parse(base + sections + "m=audio 9 RTP/SAVPF 0\r\n"))
                .hasMessageContaining("more than 64 m-sections").hasMessageContaining("line 67");
    }

    @Test
    void errorMessagesClipLongLinesAndNeverShowThePassword() {
        String longLine = "a=rtpmap:96 VP8/" + "9".repeat(200);
        SdpException e = catchSdp(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0", "m=video 9 RTP/SAVPF 96", longLine));
        String quoted = e.getMessage().substring(e.getMessage().indexOf("line 4: \"") + 9, e.getMessage().length() - 2);
        assertThat(quoted).hasSize(80).endsWith("...").startsWith("a=rtpmap:96 VP8/999");

        SdpException pwd = catchSdp(sdp("v=0", "o=- 1 1 IN IP4 0.0.0.0", "a=ice-pwd:secret!secret!secret!secret"));
        assertThat(pwd.getMessage()).contains("a=ice-pwd:<redacted>").doesNotContain("secret");
    }

    @Test
    void headerAndFlagParsingIsLenientWhereBrowsersDiffer() {
        // Blank lines, trailing spaces in values, no trailing newline.
        SessionDescription d = SdpParser.parse("v=0\n\no=- 1 1 IN IP4 0.0.0.0 \nm=audio 9 UDP/TLS/RTP/SAVPF 111\n"
                + "a=rtpmap:111 opus/48000/2\na=unknown-attribute:whatever\na=rtcp-mux");
        assertThat(d.media().get(0).rtcpMux()).isTrue();
        assertThat(d.media().get(0).codecs()).hasSize(1);
        assertThat(d.origin()).isEqualTo("- 1 1 IN IP4 0.0.0.0");
    }

    private static SdpException catchSdp(String sdp) {
        try {
            SdpParser.parse(sdp);
        } catch (SdpException e) {
            return e;
        }
        throw new AssertionError("expected an SdpException");
    }
}
