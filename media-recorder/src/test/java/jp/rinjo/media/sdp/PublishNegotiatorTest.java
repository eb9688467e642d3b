package jp.rinjo.media.sdp;

import static jp.rinjo.media.sdp.SdpSamples.lines;
import static jp.rinjo.media.sdp.SdpSamples.nodeTransport;
import static jp.rinjo.media.sdp.SdpSamples.sdp;
import static jp.rinjo.media.sdp.SdpSamples.session;
import static jp.rinjo.media.sdp.SdpSamples.smallOffer;
import static jp.rinjo.media.sdp.SdpSamples.transport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.rinjo.media.rtp.codec.Codec;
import jp.rinjo.media.transport.ice.IceCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class PublishNegotiatorTest {
    static final List<String> OFFERS = SdpSamples.OFFERS;

    private static final Set<String> ACCEPTED_EXTENSIONS = Set.of(HeaderExtension.SDES_MID, HeaderExtension.TRANSPORT_CC);
    private static final Set<String> VIDEO_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "transport-cc");

    private static PublishAnswer answer(String sample) {
        return PublishNegotiator.answer(SdpSamples.parse(sample), nodeTransport());
    }

    @ParameterizedTest
    @FieldSource("OFFERS")
    void answerReparsesMirrorsTheOfferAndCarriesOnlyAcceptedAttributes(String sample) {
        SessionDescription offer = SdpSamples.parse(sample);
        PublishAnswer answer = PublishNegotiator.answer(offer, nodeTransport());
        SessionDescription parsed = SdpParser.parse(answer.sdp());

        assertThat(answer.sdp()).endsWith("\r\n").doesNotContain("\n\n");
        List<String> head = lines(answer.sdp()).subList(0, 5);
        assertThat(head.get(0)).isEqualTo("v=0");
        assertThat(head.get(1)).matches("o=- \\d+ 2 IN IP4 127\\.0\\.0\\.1");
        assertThat(head.subList(2, 5)).containsExactly("s=-", "t=0 0", "a=ice-lite");
        assertThat(answer.sdp()).contains("\r\na=msid-semantic: WMS\r\n");
        assertThat(parsed.iceLite()).isTrue();
        // RFC 3264 §6: same sections, same order, same mids.
        assertThat(parsed.media()).extracting(MediaSection::mid)
                .containsExactlyElementsOf(offer.media().stream().map(MediaSection::mid).toList());
        assertThat(parsed.media()).extracting(MediaSection::kind)
                .containsExactlyElementsOf(offer.media().stream().map(MediaSection::kind).toList());
        assertThat(parsed.bundleMids()).containsExactlyElementsOf(
                parsed.media().stream().filter(m -> !m.rejected()).map(MediaSection::mid).toList());

        for (MediaSection m : parsed.media()) {
            if (m.rejected()) {
                continue;
            }
            assertThat(m.setup()).isEqualTo("passive");
            assertThat(m.ice()).isEqualTo(nodeTransport().ice());
            assertThat(m.fingerprint()).isEqualTo(nodeTransport().fingerprint());
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.candidates()).containsExactlyElementsOf(nodeTransport().candidateLines());
            assertThat(m.payloadTypes()).hasSize(1);
            assertThat(m.direction()).isIn(Direction.RECVONLY, Direction.INACTIVE);
            assertThat(m.ssrcs()).isEmpty();
            assertThat(m.simulcast()).isFalse();
            assertThat(m.extensions()).allMatch(e -> ACCEPTED_EXTENSIONS.contains(e.uri()));
            MediaSection offered = offer.section(m.mid()).orElseThrow();
            for (HeaderExtension e : m.extensions()) {
                assertThat(offered.extension(e.uri()).orElseThrow().id()).as("extmap ids as offered").isEqualTo(e.id());
            }
            assertThat(m.rtcpRsize()).isEqualTo(offered.rtcpRsize());
            for (RtpCodec c : m.codecs()) {
                assertThat(c.isRepairCodec()).isFalse();
                RtpCodec offeredCodec = offered.codec(c.payloadType()).orElseThrow();
                assertThat(c.name()).isEqualTo(offeredCodec.name());
                assertThat(c.fmtp()).as("fmtp echoed as offered").isEqualTo(offeredCodec.fmtp());
                assertThat(c.rtcpFeedback()).allMatch(VIDEO_FEEDBACK::contains);
            }
        }
        String text = answer.sdp();
        assertThat(text).doesNotContain("rtx/", "red/", "ulpfec", "video-orientation", "abs-send-time", "toffset",
                "rtp-stream-id", "a=rid", "a=simulcast", "goog-remb", "a=ssrc", "setup:actpass", "setup:active",
                "a=sendrecv", "a=sendonly", "ice-options");
        assertThat(text.split("a=end-of-candidates", -1)).hasSize(
                1 + (int) parsed.media().stream().filter(m -> !m.rejected()).count());
        assertThat(answer.tracks()).extracting(IncomingTrack::mid).doesNotHaveDuplicates()
                .allMatch(mid -> parsed.section(mid).orElseThrow().direction() == Direction.RECVONLY);
    }

    @Test
    void chromeDesktopGetsConstrainedBaselineH264AndOpus() {
        PublishAnswer answer = answer(SdpSamples.CHROME);
        assertThat(answer.tracks()).hasSize(2);
        IncomingTrack audio = answer.tracks().get(0);
        assertThat(audio).isEqualTo(new IncomingTrack("0", "audio",
                new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc")),
                Codec.OPUS, List.of(3735928559L), "b3e5a6f1-2c4d-4e8f-9a1b-7c6d5e4f3a21",
                "0f4c2a1e-8b7d-4c3e-a9f2-1d5e6b7c8a90", 4, 3));
        IncomingTrack video = answer.tracks().get(1);
        assertThat(video.codec().payloadType()).isEqualTo(106);
        assertThat(video.rinjoCodec()).isEqualTo(Codec.H264);
        assertThat(video.codec().fmtp()).isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        assertThat(video.codec().rtcpFeedback()).containsExactly("transport-cc", "ccm fir", "nack", "nack pli");
        assertThat(video.ssrcs()).as("the FID group's RTX SSRC is not a media SSRC").containsExactly(2882400001L);
        assertThat(video.midExtensionId()).isEqualTo(4);
        assertThat(video.transportCcExtensionId()).isEqualTo(3);

        List<String> lines = lines(answer.sdp());
        assertThat(lines).contains("m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=video 9 UDP/TLS/RTP/SAVPF 106",
                "a=group:BUNDLE 0 1", "a=extmap-allow-mixed", "a=setup:passive", "a=recvonly", "c=IN IP4 0.0.0.0",
                "a=rtcp:9 IN IP4 0.0.0.0", "a=rtpmap:106 H264/90000",
                "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host",
                "a=ice-ufrag:nodeUfrg", "a=fingerprint:" + SdpSamples.NODE_FINGERPRINT);
        // Per section, the order the specification gives.
        List<String> video1 = lines.subList(lines.indexOf("m=video 9 UDP/TLS/RTP/SAVPF 106"), lines.size());
        assertThat(video1).containsSubsequence("c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:nodeUfrg",
                "a=ice-pwd:nodePassword0123456789ab", "a=fingerprint:" + SdpSamples.NODE_FINGERPRINT,
                "a=setup:passive", "a=mid:1", "a=extmap:3 " + HeaderExtension.TRANSPORT_CC, "a=recvonly",
                "a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:106 H264/90000", "a=rtcp-fb:106 transport-cc",
                "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                "a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host",
                "a=candidate:2 1 udp 2130706175 2001:db8::10 40000 typ host", "a=end-of-candidates");
    }

    @Test
    void safariIosGetsItsConstrainedBaselineEvenThoughHighProfileComesFirst() {
        PublishAnswer answer = answer(SdpSamples.SAFARI_IOS);
        IncomingTrack video = answer.tracks().get(1);
        assertThat(video.codec().payloadType()).isEqualTo(98);
        assertThat(video.codec().fmtpParameters()).containsEntry("profile-level-id", "42e01f");
        assertThat(video.ssrcs()).containsExactly(1732012245L);
        assertThat(answer.tracks().get(0).codec().payloadType()).isEqualTo(111);
        assertThat(lines(answer.sdp())).contains("m=video 9 UDP/TLS/RTP/SAVPF 98");
        SessionDescription parsed = SdpParser.parse(answer.sdp());
        assertThat(parsed.media()).extracting(MediaSection::rtcpRsize).as("Safari offers rtcp-rsize for video only")
                .containsExactly(false, true);
    }

    @Test
    void firefoxGetsPacketizationModeOneAndItsOwnExtensionIds() {
        PublishAnswer answer = answer(SdpSamples.FIREFOX);
        IncomingTrack audio = answer.tracks().get(0);
        assertThat(audio.codec()).isEqualTo(new RtpCodec(109, "opus", 48000, 2,
                "maxplaybackrate=48000;stereo=1;useinbandfec=1", List.of()));
        assertThat(audio.midExtensionId()).isEqualTo(3);
        assertThat(audio.transportCcExtensionId()).isEqualTo(-1);
        assertThat(audio.ssrcs()).containsExactly(2870139847L);
        IncomingTrack video = answer.tracks().get(1);
        assertThat(video.codec().payloadType()).as("126 has packetization-mode=1, 97 has none").isEqualTo(126);
        assertThat(video.codec().rtcpFeedback()).containsExactly("nack", "nack pli", "ccm fir", "transport-cc");
        assertThat(video.midExtensionId()).isEqualTo(3);
        assertThat(video.transportCcExtensionId()).isEqualTo(7);
        assertThat(video.ssrcs()).containsExactly(1573064011L);
        assertThat(video.streamId()).isEqualTo("{4f6c1b8e-2a3d-4e5f-9a8b-7c6d5e4f3a2b}");
        assertThat(video.trackId()).isEqualTo("{0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d}");
        SessionDescription parsed = SdpParser.parse(answer.sdp());
        assertThat(parsed.extmapAllowMixed()).isFalse();
        assertThat(parsed.media().get(0).rtcpRsize()).isFalse();
        assertThat(parsed.media().get(1).rtcpRsize()).isTrue();
    }

    @Test
    void androidChromeVideoFirstAndDataChannelRejected() {
        PublishAnswer answer = answer(SdpSamples.ANDROID_CHROME);
        assertThat(answer.tracks()).extracting(IncomingTrack::kind).containsExactly("video", "audio");
        assertThat(answer.tracks().get(0).codec().payloadType()).isEqualTo(100);
        assertThat(answer.tracks().get(0).ssrcs()).containsExactly(305419896L);
        assertThat(answer.tracks().get(1).streamId()).isEqualTo("-");
        List<String> lines = lines(answer.sdp());
        assertThat(lines).contains("a=group:BUNDLE 0 1");
        int app = lines.indexOf("m=application 0 UDP/DTLS/SCTP webrtc-datachannel");
        assertThat(app).isPositive();
        assertThat(lines.subList(app, lines.size())).containsExactly(
                "m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:2");
    }

    @Test
    void simulcastOfferIsAnsweredWithoutSimulcast() {
        PublishAnswer answer = answer(SdpSamples.CHROME_SIMULCAST);
        IncomingTrack video = answer.tracks().get(1);
        assertThat(video.ssrcs()).as("rid simulcast signals no SSRCs: match by mid extension").isEmpty();
        assertThat(video.midExtensionId()).isEqualTo(4);
        assertThat(answer.sdp()).doesNotContain("a=rid", "a=simulcast", "rtp-stream-id");
    }

    @Test
    void fallsBackToVp8WithoutUsableH264() {
        PublishAnswer answer = PublishNegotiator.answer(SdpParser.parse(smallOffer("96 97 98 104",
                "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 goog-remb", "a=rtpmap:97 rtx/90000",
                "a=fmtp:97 apt=96", "a=rtpmap:98 VP9/90000", "a=rtpmap:104 H264/90000",
                "a=fmtp:104 packetization-mode=0;profile-level-id=42e01f")), nodeTransport());
        IncomingTrack video = answer.tracks().get(1);
        assertThat(video.rinjoCodec()).isEqualTo(Codec.VP8);
        assertThat(video.codec()).isEqualTo(new RtpCodec(96, "VP8", 90000, 1, null, List.of("nack")));
        assertThat(video.midExtensionId()).isEqualTo(-1);
        assertThat(lines(answer.sdp())).contains("m=video 9 UDP/TLS/RTP/SAVPF 96").doesNotContain("a=fmtp:96");
    }

    @Test
    void videoWithoutAcceptableCodecIsAnsweredInactiveButAudioIsAccepted() {
        PublishAnswer answer = PublishNegotiator.answer(SdpParser.parse(smallOffer("98 99 45",
                "a=rtpmap:98 VP9/90000", "a=fmtp:98 profile-id=0", "a=rtcp-fb:98 nack", "a=rtpmap:99 rtx/90000",
                "a=fmtp:99 apt=98", "a=rtpmap:45 AV1/90000")), nodeTransport());
        assertThat(answer.tracks()).extracting(IncomingTrack::kind).containsExactly("audio");
        SessionDescription parsed = SdpParser.parse(answer.sdp());
        MediaSection video = parsed.media().get(1);
        assertThat(video.port()).as("inactive, not rejected: stays in the BUNDLE").isEqualTo(9);
        assertThat(video.direction()).isEqualTo(Direction.INACTIVE);
        assertThat(parsed.bundleMids()).containsExactly("0", "1");
        assertThat(video.payloadTypes()).containsExactly(98);
        assertThat(video.codecs().get(0).rtcpFeedback()).isEmpty();
        assertThat(video.extensions()).isEmpty();
    }

    @Test
    void nothingAcceptableIsAnError() {
        String offer = sdp(concat(session("0"), List.of("m=video 9 UDP/TLS/RTP/SAVPF 98"), List.of(transport("0")),
                List.of("a=sendonly", "a=rtpmap:98 VP9/90000")));
        assertThatThrownBy(() -> PublishNegotiator.answer(SdpParser.parse(offer), nodeTransport()))
                .isInstanceOf(SdpException.class)
                .hasMessage("no H.264 (packetization-mode=1), VP8 or Opus track offered");
        String onlyData = sdp(concat(session("0"), List.of("m=application 9 UDP/DTLS/SCTP webrtc-datachannel"),
                List.of(transport("0"))));
        assertThatThrownBy(() -> PublishNegotiator.answer(SdpParser.parse(onlyData), nodeTransport()))
                .hasMessageContaining("no H.264");
        String opusMono = sdp(concat(session("0"), List.of("m=audio 9 UDP/TLS/RTP/SAVPF 0 8"), List.of(transport("0")),
                List.of("a=sendonly", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000")));
        assertThatThrownBy(() -> PublishNegotiator.answer(SdpParser.parse(opusMono), nodeTransport()))
                .hasMessageContaining("no H.264");
    }

    @Test
    void sectionsTheBrowserDoesNotSendAreAnsweredInactive() {
        String offer = SdpSamples.text(SdpSamples.CHROME).replace("a=sendrecv", "a=recvonly");
        PublishAnswer answer = PublishNegotiator.answer(SdpParser.parse(offer), nodeTransport());
        assertThat(answer.tracks()).isEmpty();
        SessionDescription parsed = SdpParser.parse(answer.sdp());
        assertThat(parsed.media()).extracting(MediaSection::direction).containsOnly(Direction.INACTIVE);
        assertThat(parsed.media()).extracting(MediaSection::payloadTypes)
                .containsExactly(List.of(111), List.of(106));
    }

    @Test
    void offeredRejectedSectionStaysRejected() {
        List<String> lines = new ArrayList<>(List.of(session("0")));
        lines.add("m=audio 9 UDP/TLS/RTP/SAVPF 111");
        lines.addAll(List.of(transport("0")));
        lines.addAll(List.of("a=sendonly", "a=rtpmap:111 opus/48000/2"));
        lines.addAll(List.of("m=video 0 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:1", "a=rtpmap:96 VP8/90000"));
        PublishAnswer answer = PublishNegotiator.answer(SdpParser.parse(sdp(lines.toArray(String[]::new))), nodeTransport());
        assertThat(lines(answer.sdp())).contains("a=group:BUNDLE 0", "m=video 0 UDP/TLS/RTP/SAVPF 96");
        assertThat(SdpParser.parse(answer.sdp()).media().get(1).rejected()).isTrue();
    }

    @Test
    void sectionsWithoutDtlsSrtpAreRejected() {
        String offer = smallOffer("96", "a=rtpmap:96 VP8/90000").replace("m=video 9 UDP/TLS/RTP/SAVPF 96", "m=video 9 RTP/AVP 96");
        PublishAnswer answer = PublishNegotiator.answer(SdpParser.parse(offer), nodeTransport());
        assertThat(answer.tracks()).extracting(IncomingTrack::kind).containsExactly("audio");
        assertThat(lines(answer.sdp())).contains("a=group:BUNDLE 0", "m=video 0 RTP/AVP 96");
    }

    @Test
    void firefoxMaxBundleSectionsWithBundleOnlyAreAccepted() {
        String offer = SdpSamples.text(SdpSamples.FIREFOX)
                .replace("m=video 9 ", "m=video 0 ").replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n");
        PublishAnswer answer = PublishNegotiator.answer(SdpParser.parse(offer), nodeTransport());
        assertThat(answer.tracks()).extracting(IncomingTrack::mid).containsExactly("0", "1");
        assertThat(answer.sdp()).contains("m=video 9 UDP/TLS/RTP/SAVPF 126\r\n").doesNotContain("bundle-only");
    }

    @Test
    void iceRestartReofferGetsTheNewNodeCredentials() {
        String first = SdpSamples.text(SdpSamples.CHROME);
        PublishNegotiator.answer(SdpParser.parse(first), nodeTransport());
        String restart = first.replace("a=ice-ufrag:Fy3k", "a=ice-ufrag:Rz8q")
                .replace("a=ice-pwd:Q8n3zJgYdeUXqvzZ2xxnk7Rr", "a=ice-pwd:N3wPassw0rdForIceRestart");
        SessionDescription reoffer = SdpParser.parse(restart);
        assertThat(reoffer.transportIce().ufrag()).isEqualTo("Rz8q");
        IceCredentials fresh = new IceCredentials("freshUfr", "freshPassword0123456789x");
        PublishAnswer answer = PublishNegotiator.answer(reoffer, nodeTransport(fresh), 777, 3);
        SessionDescription parsed = SdpParser.parse(answer.sdp());
        assertThat(parsed.media()).allSatisfy(m -> assertThat(m.ice()).isEqualTo(fresh));
        assertThat(answer.sdp()).doesNotContain("nodeUfrg").startsWith("v=0\r\no=- 777 3 IN IP4 127.0.0.1\r\n");
        assertThat(answer.tracks()).hasSize(2);
    }

    @Test
    void rejectsOffersTheNodeCannotServe() {
        String chrome = SdpSamples.text(SdpSamples.CHROME);
        assertThatThrownBy(() -> PublishNegotiator.answer(SdpParser.parse(chrome.replace("a=setup:actpass",
                "a=setup:passive")), nodeTransport()))
                .isInstanceOf(SdpException.class).hasMessageContaining("always the DTLS server");
        // The browser's "active" is fine: the node is passive either way.
        assertThat(PublishNegotiator.answer(SdpParser.parse(chrome.replace("a=setup:actpass", "a=setup:active")),
                nodeTransport()).tracks()).hasSize(2);
        assertThatThrownBy(() -> PublishNegotiator.answer(SdpParser.parse(chrome.replace("a=group:BUNDLE 0 1\r\n", "")),
                nodeTransport())).hasMessageContaining("is not in an a=group:BUNDLE");
        assertThatThrownBy(() -> PublishNegotiator.answer(SdpParser.parse(chrome.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0")),
                nodeTransport())).hasMessageContaining("video mid 1 is not in an a=group:BUNDLE");
        assertThatThrownBy(() -> PublishNegotiator.answer(SdpParser.parse(chrome.replace("a=rtcp-mux\r\n", "")),
                nodeTransport())).hasMessageContaining("no a=rtcp-mux");
        assertThatThrownBy(() -> PublishNegotiator.answer(SdpParser.parse(chrome.replaceAll("a=fingerprint:[^\r]*\r\n", "")),
                nodeTransport())).hasMessageContaining("a=fingerprint");
    }

    @Test
    void extensionIdsAboveFourteenNeedExtmapAllowMixed() {
        String withoutMixed = smallOffer("96", "a=rtpmap:96 VP8/90000", "a=extmap:15 " + HeaderExtension.SDES_MID,
                "a=extmap:2/sendonly " + HeaderExtension.TRANSPORT_CC);
        IncomingTrack video = PublishNegotiator.answer(SdpParser.parse(withoutMixed), nodeTransport()).tracks().get(1);
        assertThat(video.midExtensionId()).isEqualTo(-1);
        assertThat(video.transportCcExtensionId()).isEqualTo(2);

        String withMixed = withoutMixed.replace("t=0 0\r\n", "t=0 0\r\na=extmap-allow-mixed\r\n");
        PublishAnswer answer = PublishNegotiator.answer(SdpParser.parse(withMixed), nodeTransport());
        assertThat(answer.tracks().get(1).midExtensionId()).isEqualTo(15);
        assertThat(lines(answer.sdp())).contains("a=extmap-allow-mixed", "a=extmap:15 " + HeaderExtension.SDES_MID,
                "a=extmap:2/recvonly " + HeaderExtension.TRANSPORT_CC);
    }

    @Test
    void extensionsTheOffererWillNotSendAreLeftOut() {
        String offer = smallOffer("96", "a=rtpmap:96 VP8/90000", "a=extmap:3/recvonly " + HeaderExtension.SDES_MID);
        IncomingTrack video = PublishNegotiator.answer(SdpParser.parse(offer), nodeTransport()).tracks().get(1);
        assertThat(video.midExtensionId()).isEqualTo(-1);
    }

    @Test
    void twoAnswersHaveDifferentSessionIds() {
        SessionDescription offer = SdpSamples.parse(SdpSamples.CHROME);
        String o1 = lines(PublishNegotiator.answer(offer, nodeTransport()).sdp()).get(1);
        String o2 = lines(PublishNegotiator.answer(offer, nodeTransport()).sdp()).get(1);
        assertThat(o1).isNotEqualTo(o2);
    }

    @SafeVarargs
    private static String[] concat(String[] head, List<String>... rest) {
        List<String> all = new ArrayList<>(List.of(head));
        for (List<String> r : rest) {
            all.addAll(r);
        }
        return all.toArray(String[]::new);
    }
}
