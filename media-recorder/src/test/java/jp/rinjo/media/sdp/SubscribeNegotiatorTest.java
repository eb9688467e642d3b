package jp.rinjo.media.sdp;

import static jp.rinjo.media.sdp.SdpSamples.lines;
import static jp.rinjo.media.sdp.SdpSamples.nodeTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.ice.IceCredentials;
import org.junit.jupiter.api.Test;

class SubscribeNegotiatorTest {
    static final RtpCodec OPUS = new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc"));
    static final RtpCodec H264 = new RtpCodec(106, "H264", 90000, 1,
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            List.of("transport-cc", "ccm fir", "nack", "nack pli"));
    static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 1, null, List.of("nack", "nack pli"));

    private static long nextSsrc = 1000;

    private static OutgoingTrack audio(String key) {
        return new OutgoingTrack(key, "audio", OPUS, nextSsrc++, "cname-" + key.charAt(0), "stream-" + key.charAt(0), key);
    }

    private static OutgoingTrack video(String key, RtpCodec codec) {
        return new OutgoingTrack(key, "video", codec, nextSsrc++, "cname-" + key.charAt(0), "stream-" + key.charAt(0), key);
    }

    private static SubscribeOffer offer(List<OutgoingTrack> tracks, SubscribeOffer previous, long version) {
        return SubscribeNegotiator.offer(tracks, previous == null ? List.of() : previous.sections(), nodeTransport(), version);
    }

    /** The lines of the m-section with this mid. */
    private static List<String> section(String sdp, String mid) {
        List<String> all = lines(sdp);
        int at = all.indexOf("a=mid:" + mid);
        int start = at;
        while (!all.get(start).startsWith("m=")) {
            start--;
        }
        int end = at;
        while (end < all.size() && !all.get(end).startsWith("m=")) {
            end++;
        }
        return all.subList(start, end);
    }

    @Test
    void firstOfferHasOneSendonlySectionPerTrack() {
        OutgoingTrack mic = new OutgoingTrack("alice/0", "audio", OPUS, 1111, "aliceCname", "alice", "alice-mic");
        OutgoingTrack cam = new OutgoingTrack("alice/1", "video", H264, 2222, "aliceCname", "alice", "alice-cam");
        SubscribeOffer offer = SubscribeNegotiator.offer(List.of(mic, cam), List.of(), nodeTransport(), 1);

        assertThat(offer.sections()).containsExactly(
                new OfferedSection("0", "audio", "alice/0", OPUS, 1111),
                new OfferedSection("1", "video", "alice/1", H264, 2222));
        SessionDescription parsed = SdpParser.parse(offer.sdp());
        parsed.requireTransport();
        assertThat(parsed.iceLite()).isTrue();
        assertThat(parsed.bundleMids()).containsExactly("0", "1");
        assertThat(lines(offer.sdp()).get(1))
                .isEqualTo("o=- " + SubscribeNegotiator.sessionIdFrom(nodeTransport()) + " 1 IN IP4 127.0.0.1");
        for (MediaSection m : parsed.media()) {
            assertThat(m.direction()).isEqualTo(Direction.SENDONLY);
            assertThat(m.setup()).isEqualTo("actpass");
            assertThat(m.ice()).isEqualTo(nodeTransport().ice());
            assertThat(m.fingerprint()).isEqualTo(nodeTransport().fingerprint());
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.extensions()).isEmpty();
            assertThat(m.candidates()).containsExactlyElementsOf(nodeTransport().candidateLines());
            assertThat(m.payloadTypes()).hasSize(1);
        }
        MediaSection audio = parsed.media().get(0);
        assertThat(audio.codecs()).containsExactly(new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of()));
        assertThat(audio.msid()).isEqualTo("alice alice-mic");
        assertThat(audio.ssrcs()).containsExactly(new SsrcInfo(1111, "aliceCname", "alice alice-mic"));
        MediaSection video = parsed.media().get(1);
        assertThat(video.codecs()).containsExactly(new RtpCodec(106, "H264", 90000, 1,
                "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", List.of("nack", "nack pli", "ccm fir")));
        assertThat(video.streamId()).isEqualTo("alice");
        assertThat(video.trackId()).isEqualTo("alice-cam");
        assertThat(video.mediaSsrcs()).containsExactly(2222L);
        assertThat(offer.sdp()).doesNotContain("extmap", "transport-cc", "rtx", "goog-remb", "a=setup:passive",
                "a=recvonly", "a=sendrecv").endsWith("a=end-of-candidates\r\n");
        assertThat(section(offer.sdp(), "1")).containsSubsequence("m=video 9 UDP/TLS/RTP/SAVPF 106", "c=IN IP4 0.0.0.0",
                "a=setup:actpass", "a=mid:1", "a=sendonly", "a=msid:alice alice-cam", "a=rtcp-mux",
                "a=rtpmap:106 H264/90000", "a=rtcp-fb:106 nack", "a=rtcp-fb:106 nack pli", "a=rtcp-fb:106 ccm fir",
                "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                "a=ssrc:2222 cname:aliceCname", "a=ssrc:2222 msid:alice alice-cam", "a=end-of-candidates");
    }

    @Test
    void midsAndPositionsStayStableAcrossAddRemoveAndRecycle() {
        OutgoingTrack aa = audio("Aa");
        OutgoingTrack av = video("Av", H264);
        OutgoingTrack ba = audio("Ba");
        OutgoingTrack bv = video("Bv", VP8);
        OutgoingTrack cv = video("Cv", H264);
        OutgoingTrack dv = video("Dv", VP8);
        OutgoingTrack ev = video("Ev", H264);
        OutgoingTrack fa = audio("Fa");

        List<SubscribeOffer> offers = new ArrayList<>();
        offers.add(offer(List.of(aa, av), null, 1));
        assertKeys(offers.get(0), "Aa", "Av");
        offers.add(offer(List.of(aa, av, ba, bv), offers.get(0), 2));
        assertKeys(offers.get(1), "Aa", "Av", "Ba", "Bv");
        // Av leaves and Cv arrives together: Av's section turns inactive and is not reused in the same offer.
        offers.add(offer(List.of(aa, ba, bv, cv), offers.get(1), 3));
        assertKeys(offers.get(2), "Aa", null, "Ba", "Bv", "Cv");
        // Next time, a new video track recycles the section that was inactive.
        offers.add(offer(List.of(aa, ba, bv, cv, dv), offers.get(2), 4));
        assertKeys(offers.get(3), "Aa", "Dv", "Ba", "Bv", "Cv");
        offers.add(offer(List.of(aa, bv, cv, dv), offers.get(3), 5));
        assertKeys(offers.get(4), "Aa", "Dv", null, "Bv", "Cv");
        // A video track does not take an inactive audio section...
        offers.add(offer(List.of(aa, bv, cv, dv, ev), offers.get(4), 6));
        assertKeys(offers.get(5), "Aa", "Dv", null, "Bv", "Cv", "Ev");
        // ...an audio track does.
        offers.add(offer(List.of(fa, aa, bv, cv, dv, ev), offers.get(5), 7));
        assertKeys(offers.get(6), "Aa", "Dv", "Fa", "Bv", "Cv", "Ev");

        for (int i = 1; i < offers.size(); i++) {
            List<OfferedSection> before = offers.get(i - 1).sections();
            List<OfferedSection> after = offers.get(i).sections();
            for (int j = 0; j < before.size(); j++) {
                assertThat(after.get(j).mid()).isEqualTo(before.get(j).mid());
                assertThat(after.get(j).kind()).isEqualTo(before.get(j).kind());
            }
            SessionDescription parsed = SdpParser.parse(offers.get(i).sdp());
            assertThat(parsed.media()).extracting(MediaSection::mid)
                    .containsExactlyElementsOf(after.stream().map(OfferedSection::mid).toList());
            assertThat(parsed.bundleMids()).containsExactlyElementsOf(after.stream().map(OfferedSection::mid).toList());
        }
        assertThat(offers.get(6).sections()).extracting(OfferedSection::mid).containsExactly("0", "1", "2", "3", "4", "5");
    }

    @Test
    void inactiveSectionKeepsItsCodecAndLosesItsTrackAttributes() {
        SubscribeOffer first = offer(List.of(audio("Aa"), video("Av", H264)), null, 1);
        SubscribeOffer second = offer(List.of(audio("Aa")), first, 2);
        OfferedSection inactive = second.sections().get(1);
        assertThat(inactive).isEqualTo(new OfferedSection("1", "video", null, H264, 0));
        assertThat(inactive.inactive()).isTrue();
        List<String> lines = section(second.sdp(), "1");
        assertThat(lines).contains("m=video 9 UDP/TLS/RTP/SAVPF 106", "a=inactive", "a=rtpmap:106 H264/90000",
                "a=setup:actpass", "a=end-of-candidates");
        assertThat(lines).noneMatch(l -> l.startsWith("a=ssrc") || l.startsWith("a=msid") || l.equals("a=sendonly"));
        MediaSection parsed = SdpParser.parse(second.sdp()).media().get(1);
        assertThat(parsed.direction()).isEqualTo(Direction.INACTIVE);
        assertThat(parsed.rejected()).isFalse();
    }

    @Test
    void aTrackKeepsItsSectionWhenItsCodecOrSsrcChanges() {
        SubscribeOffer first = offer(List.of(video("Av", H264)), null, 1);
        OutgoingTrack changed = new OutgoingTrack("Av", "video", VP8, 424242, "c", "s", "t");
        SubscribeOffer second = offer(List.of(changed), first, 2);
        assertThat(second.sections()).containsExactly(new OfferedSection("0", "video", "Av", VP8, 424242));
        assertThat(second.sdp()).contains("m=video 9 UDP/TLS/RTP/SAVPF 96\r\n", "a=ssrc:424242 cname:c\r\n");
    }

    @Test
    void sessionIdStaysTheSameAndVersionFollowsTheCaller() {
        SubscribeOffer v1 = offer(List.of(audio("Aa")), null, 1);
        SubscribeOffer v2 = offer(List.of(audio("Aa"), video("Av", VP8)), v1, 2);
        // An ICE restart changes the credentials, not the session id.
        SubscribeOffer v3 = SubscribeNegotiator.offer(List.of(), v2.sections(),
                nodeTransport(new IceCredentials("restartU", "restartPassword012345678")), 3);
        String id = Long.toString(SubscribeNegotiator.sessionIdFrom(nodeTransport()));
        assertThat(lines(v1.sdp()).get(1)).isEqualTo("o=- " + id + " 1 IN IP4 127.0.0.1");
        assertThat(lines(v2.sdp()).get(1)).isEqualTo("o=- " + id + " 2 IN IP4 127.0.0.1");
        assertThat(lines(v3.sdp()).get(1)).isEqualTo("o=- " + id + " 3 IN IP4 127.0.0.1");
        assertThat(v3.sdp()).contains("a=ice-ufrag:restartU").doesNotContain("nodeUfrg");
        assertThat(v3.sections()).allMatch(OfferedSection::inactive);

        SubscribeOffer explicit = SubscribeNegotiator.offer(List.of(), List.of(), nodeTransport(), 99, 5);
        assertThat(lines(explicit.sdp()).get(1)).isEqualTo("o=- 99 5 IN IP4 127.0.0.1");
    }

    @Test
    void anOfferWithoutTracksHasNoSectionsAndNoBundle() {
        SubscribeOffer empty = offer(List.of(), null, 1);
        assertThat(empty.sections()).isEmpty();
        assertThat(empty.sdp()).doesNotContain("a=group", "m=");
        assertThat(SdpParser.parse(empty.sdp()).media()).isEmpty();
    }

    @Test
    void rejectsBadInput() {
        OutgoingTrack a = audio("Aa");
        assertThatThrownBy(() -> offer(List.of(a, a), null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("track key Aa is given twice");
        List<OutgoingTrack> many = new ArrayList<>();
        for (int i = 0; i <= SdpParser.MAX_MEDIA_SECTIONS; i++) {
            many.add(audio("k" + i));
        }
        assertThatThrownBy(() -> offer(many, null, 1)).isInstanceOf(SdpException.class).hasMessageContaining("65 m-sections");
        assertThatThrownBy(() -> new OutgoingTrack("k", "video", VP8, 0, "c", "s", "t")).hasMessageContaining("SSRC");
        assertThatThrownBy(() -> new OutgoingTrack("k", "data", VP8, 1, "c", "s", "t")).hasMessageContaining("kind");
        assertThatThrownBy(() -> new OutgoingTrack("k", "video", VP8, 1, "c\r\na=x", "s", "t")).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> new OutgoingTrack("k", "video", VP8, 1, "c", "s s", "t")).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> new OutgoingTrack("k", "video", VP8, 1, "c", "s", "t".repeat(65))).hasMessageContaining("1-64");
        assertThatThrownBy(() -> new OfferedSection("0", "video", null, VP8, 5)).hasMessageContaining("inactive section has SSRC 0");
        assertThatThrownBy(() -> new NodeTransport(nodeTransport().ice(), nodeTransport().fingerprint(), List.of()))
                .hasMessageContaining("at least one host candidate");
        assertThatThrownBy(() -> new NodeTransport(nodeTransport().ice(), nodeTransport().fingerprint(),
                List.of("candidate:1 1 udp 1 192.0.2.1 9 typ host\r\na=injected"))).hasMessageContaining("single");
    }

    @Test
    void payloadTypesStayUniquePerCodecAcrossTheBundle() {
        RtpCodec safariVp8 = new RtpCodec(102, "VP8", 90000, 1, null, List.of("nack"));
        RtpCodec chromeBaseline = new RtpCodec(102, "H264", 90000, 1,
                "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", List.of("nack"));
        RtpCodec oddAudio = new RtpCodec(106, "opus", 48000, 2, null, List.of());
        OutgoingTrack x = new OutgoingTrack("X", "video", safariVp8, 1, "c", "x", "x");
        OutgoingTrack y = new OutgoingTrack("Y", "video", chromeBaseline, 2, "c", "y", "y");
        OutgoingTrack z = new OutgoingTrack("Z", "video", H264, 3, "c", "z", "z");
        OutgoingTrack w = new OutgoingTrack("W", "video", H264, 4, "c", "w", "w");
        OutgoingTrack a = new OutgoingTrack("A", "audio", oddAudio, 5, "c", "a", "a");

        SubscribeOffer first = offer(List.of(x, y, z, w, a), null, 1);
        assertThat(first.sections()).extracting(sec -> sec.codec().payloadType())
                .as("Y collides with X on 102, A with Z/W on 106; Z and W share 106 (same codec)")
                .containsExactly(102, 96, 106, 106, 97);
        assertThat(first.sections().get(1).codec()).isEqualTo(PayloadTypes.withPayloadType(chromeBaseline, 96));
        assertThat(section(first.sdp(), "1")).contains("m=video 9 UDP/TLS/RTP/SAVPF 96", "a=rtpmap:96 H264/90000",
                "a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
        assertOnePayloadTypePerCodec(first);

        // The next offer keeps every number, whatever the order of the tracks.
        SubscribeOffer second = offer(List.of(a, w, z, y, x), first, 2);
        assertThat(second.sections()).isEqualTo(first.sections());

        // X leaves; a new track with X's number but Y's codec takes 102, and X's inactive section moves aside.
        OutgoingTrack v = new OutgoingTrack("V", "video", chromeBaseline, 6, "c", "v", "v");
        SubscribeOffer third = offer(List.of(y, z, w, a, v), second, 3);
        assertThat(third.sections()).extracting(OfferedSection::trackKey).containsExactly(null, "Y", "Z", "W", "A", "V");
        assertThat(third.sections()).extracting(sec -> sec.codec().payloadType()).containsExactly(98, 96, 106, 106, 97, 102);
        assertOnePayloadTypePerCodec(third);
        SubscribeAnswerCheck check = SubscribeNegotiator.checkAnswer(third, SdpParser.parse(answerTo(third)));
        assertThat(check.acceptedTrackKeys()).containsExactly("Y", "Z", "W", "A", "V");
    }

    @Test
    void videoIsOfferedWithRtxOnItsOwnSsrcAndPayloadTypeUniqueInTheBundle() {
        RtpCodec chromeBaseline = new RtpCodec(102, "H264", 90000, 1,
                "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", List.of("nack"));
        OutgoingTrack z = new OutgoingTrack("Z", "video", H264, 3, "c", "z", "z", 30);
        OutgoingTrack w = new OutgoingTrack("W", "video", H264, 4, "c", "w", "w", 40);
        OutgoingTrack y = new OutgoingTrack("Y", "video", chromeBaseline, 2, "c", "y", "y", 20);
        OutgoingTrack v = new OutgoingTrack("V", "video", VP8, 6, "c", "v", "v", 60);
        RtpCodec opus107 = new RtpCodec(107, "opus", 48000, 2, null, List.of());
        OutgoingTrack a = new OutgoingTrack("A", "audio", opus107, 5, "c", "a", "a");

        SubscribeOffer first = offer(List.of(z, w, y, a), null, 1);
        assertThat(first.sections()).extracting(OfferedSection::rtxPayloadType)
                .as("Z and W share H.264 106 and so its RTX; 107 (the usual partner of 106) is the audio's; Y's 102 gets 103; audio none")
                .containsExactly(96, 96, 103, -1);
        assertThat(first.sections()).extracting(OfferedSection::rtxSsrc).containsExactly(30L, 40L, 20L, 0L);
        assertThat(section(first.sdp(), "0")).contains("m=video 9 UDP/TLS/RTP/SAVPF 106 96", "a=rtpmap:96 rtx/90000",
                "a=fmtp:96 apt=106", "a=ssrc-group:FID 3 30", "a=ssrc:3 cname:c", "a=ssrc:30 cname:c", "a=ssrc:30 msid:z z");
        assertThat(section(first.sdp(), "3")).noneMatch(l -> l.contains("rtx") || l.contains("FID"));
        assertOnePayloadTypePerCodec(first);
        MediaSection parsed = SdpParser.parse(first.sdp()).media().get(0);
        assertThat(parsed.mediaSsrcs()).as("the RTX SSRC repairs, it carries no media of its own").containsExactly(3L);

        // A VP8 track arrives: its codec takes a free number (96 is RTX now), the RTX numbers stay.
        SubscribeOffer second = offer(List.of(z, w, y, a, v), first, 2);
        assertThat(second.sections()).extracting(OfferedSection::rtxPayloadType).containsExactly(96, 96, 103, -1, 98);
        assertThat(second.sections().get(4).codec().payloadType()).isEqualTo(97);
        assertOnePayloadTypePerCodec(second);

        // The browser kept RTX for Z and W but not for Y: Y is received, its NACKs are not answered.
        String answer = answerTo(second).replace("m=video 9 UDP/TLS/RTP/SAVPF 106\r\n", "m=video 9 UDP/TLS/RTP/SAVPF 106 96\r\n")
                .replace("a=rtpmap:106 H264/90000\r\n", "a=rtpmap:106 H264/90000\r\na=rtpmap:96 rtx/90000\r\na=fmtp:96 apt=106\r\n");
        SubscribeAnswerCheck check = SubscribeNegotiator.checkAnswer(second, SdpParser.parse(answer));
        assertThat(check.acceptedTrackKeys()).containsExactly("Z", "W", "Y", "A", "V");
        assertThat(check.rtxTrackKeys()).containsExactly("Z", "W");
        // rtx named for another codec's number does not count
        SubscribeAnswerCheck wrong = SubscribeNegotiator.checkAnswer(second, SdpParser.parse(answer.replace("a=rtpmap:96 rtx/90000", "a=rtpmap:96 VP8/90000")));
        assertThat(wrong.rtxTrackKeys()).isEmpty();

        // Y leaves: its section turns inactive and keeps its RTX number, which no codec may then take
        SubscribeOffer third = offer(List.of(z, w, a, v), second, 3);
        assertThat(third.sections().get(2).inactive()).isTrue();
        assertThat(third.sections().get(2).rtxPayloadType()).isEqualTo(103);
        assertThat(section(third.sdp(), "2")).noneMatch(l -> l.contains("rtx") || l.contains("FID"));
        RtpCodec vp8At103 = PayloadTypes.withPayloadType(VP8, 103);
        OutgoingTrack u = new OutgoingTrack("U", "video", vp8At103, 7, "c", "u", "u", 70);
        SubscribeOffer fourth = offer(List.of(z, w, a, v, u), third, 4);
        assertThat(fourth.sections()).extracting(OfferedSection::trackKey).as("U recycles Y's section")
                .containsExactly("Z", "W", "U", "A", "V");
        assertThat(fourth.sections().get(2).codec().payloadType()).as("103 stays RTX; VP8 is 97 throughout the BUNDLE")
                .isEqualTo(97);
        assertThat(fourth.sections()).extracting(OfferedSection::rtxPayloadType).containsExactly(96, 96, 98, -1, 98);
        assertOnePayloadTypePerCodec(fourth);

        assertThatThrownBy(() -> new OutgoingTrack("A", "audio", OPUS, 5, "c", "a", "a", 50))
                .hasMessageContaining("RTX SSRC is for video only");
        assertThatThrownBy(() -> new OutgoingTrack("Z", "video", H264, 3, "c", "z", "z", 3))
                .hasMessageContaining("not the media SSRC");
    }

    /** RFC 8843: within one BUNDLE a payload type number names one codec configuration. */
    private static void assertOnePayloadTypePerCodec(SubscribeOffer offer) {
        java.util.Map<Integer, RtpCodec> seen = new java.util.HashMap<>();
        for (MediaSection m : SdpParser.parse(offer.sdp()).media()) {
            for (RtpCodec c : m.codecs()) {
                RtpCodec other = seen.putIfAbsent(c.payloadType(), c);
                if (other != null) {
                    assertThat(PayloadTypes.sameConfiguration(other, c)).as("payload type %d", c.payloadType()).isTrue();
                }
            }
        }
    }

    /** A browser-like answer: every section recvonly (inactive if offered inactive) with the offered codec. */
    private static String answerTo(SubscribeOffer offer) {
        List<String> lines = new ArrayList<>(List.of("v=0", "o=- 5 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE " + String.join(" ", offer.sections().stream().map(OfferedSection::mid).toList())));
        for (OfferedSection sec : offer.sections()) {
            lines.add("m=" + sec.kind() + " 9 UDP/TLS/RTP/SAVPF " + sec.codec().payloadType());
            lines.addAll(List.of(SdpSamples.transport(sec.mid())));
            lines.replaceAll(l -> l.equals("a=setup:actpass") ? "a=setup:active" : l);
            lines.add(sec.inactive() ? "a=inactive" : "a=recvonly");
            lines.add("a=rtpmap:" + sec.codec().rtpmapValue());
        }
        return SdpSamples.sdp(lines.toArray(String[]::new));
    }

    // ---- checkAnswer ----

    /** The offer the Chrome answer sample answers: Aa (Opus 111), Av (H.264 106) active, mid 2 inactive (VP8 96). */
    private static SubscribeOffer offerForChromeAnswer() {
        SubscribeOffer v1 = offer(List.of(audio("Aa"), video("Av", H264), video("Bv", VP8)), null, 1);
        return offer(List.of(v1Track(v1, 0), v1Track(v1, 1)), v1, 2);
    }

    private static OutgoingTrack v1Track(SubscribeOffer v1, int i) {
        OfferedSection s = v1.sections().get(i);
        return new OutgoingTrack(s.trackKey(), s.kind(), s.codec(), s.ssrc(), "c", "s", s.trackKey());
    }

    private static SubscribeAnswerCheck check(String answer) {
        return SubscribeNegotiator.checkAnswer(offerForChromeAnswer(), SdpParser.parse(answer));
    }

    private static String chromeAnswer() {
        return SdpSamples.text(SdpSamples.CHROME_SUBSCRIBE_ANSWER);
    }

    @Test
    void acceptsChromesAnswer() {
        SubscribeOffer offer = offerForChromeAnswer();
        assertThat(offer.sections()).extracting(OfferedSection::trackKey).containsExactly("Aa", "Av", null);
        SubscribeAnswerCheck result = SubscribeNegotiator.checkAnswer(offer, SdpParser.parse(chromeAnswer()));
        assertThat(result.acceptedTrackKeys()).containsExactly("Aa", "Av");
        assertThat(result.rejectedTrackKeys()).isEmpty();
        assertThat(result.remoteIce()).isEqualTo(new IceCredentials("wQ5e", "Ry7uI9oP1aS3dF5gH7jK9lZx"));
        assertThat(result.remoteFingerprint()).isEqualTo(DtlsFingerprint.parse(
                "sha-256 CC:C9:35:F6:CD:1F:61:22:6A:E1:53:38:AE:1A:34:00:4D:33:BA:0D:24:6A:C0:4C:81:B1:BA:F2:3E:3B:F9:EE"));
    }

    @Test
    void reportsTracksTheBrowserDeclined() {
        assertThat(check(chromeAnswer().replace("106", "107")).rejectedTrackKeys())
                .as("payload type not echoed").containsExactly("Av");
        assertThat(check(chromeAnswer().replace("a=rtpmap:106 H264/90000", "a=rtpmap:106 VP8/90000")).rejectedTrackKeys())
                .as("same number, other codec").containsExactly("Av");
        assertThat(check(chromeAnswer().replace("a=mid:1\r\na=recvonly", "a=mid:1\r\na=inactive")).rejectedTrackKeys())
                .containsExactly("Av");
        SubscribeAnswerCheck portZero = check(chromeAnswer().replace("m=audio 9 ", "m=audio 0 "));
        assertThat(portZero.rejectedTrackKeys()).containsExactly("Aa");
        assertThat(portZero.acceptedTrackKeys()).containsExactly("Av");
    }

    @Test
    void throwsOnAnswersTheNodeCannotUse() {
        assertThatThrownBy(() -> check(chromeAnswer().replace("a=setup:active", "a=setup:passive")))
                .isInstanceOf(SdpException.class).hasMessageContaining("a=setup:passive")
                .hasMessageContaining("always the DTLS server");
        assertThatThrownBy(() -> check(chromeAnswer().replace("a=setup:active", "a=setup:actpass")))
                .hasMessageContaining("a=setup:actpass");
        assertThatThrownBy(() -> check(chromeAnswer().replace("a=setup:active\r\n", "")))
                .hasMessageContaining("no a=setup");
        assertThatThrownBy(() -> check(chromeAnswer().replaceAll("a=fingerprint:[^\r]*\r\n", "")))
                .hasMessageContaining("a=fingerprint");
        assertThatThrownBy(() -> check(chromeAnswer().replaceAll("a=ice-pwd:[^\r]*\r\n", "")))
                .hasMessageContaining("a=ice-ufrag but no a=ice-pwd");
        assertThatThrownBy(() -> check(chromeAnswer().replace("a=mid:1\r\na=recvonly", "a=mid:1\r\na=sendrecv")))
                .hasMessageContaining("mid 1 is sendrecv");
        assertThatThrownBy(() -> check(chromeAnswer().replace("a=mid:2", "a=mid:7").replace("BUNDLE 0 1 2", "BUNDLE 0 1 7")))
                .hasMessageContaining("answer m-section 2 has mid 7, the offer 2");
        assertThatThrownBy(() -> check(chromeAnswer().replace("a=group:BUNDLE 0 1 2\r\n", "")))
                .hasMessageContaining("BUNDLE");
        assertThatThrownBy(() -> check(chromeAnswer().replace("a=mid:1\r\na=recvonly\r\na=rtcp-mux\r\n",
                "a=mid:1\r\na=recvonly\r\n"))).hasMessageContaining("rtcp-mux");
        SubscribeOffer twoSections = offer(List.of(audio("Aa"), video("Av", H264)), null, 1);
        assertThatThrownBy(() -> SubscribeNegotiator.checkAnswer(twoSections, SdpParser.parse(chromeAnswer())))
                .hasMessageContaining("answer has 3 m-sections, the offer 2");
    }

    private static void assertKeys(SubscribeOffer offer, String... keys) {
        assertThat(offer.sections()).extracting(OfferedSection::trackKey).containsExactly(keys);
        for (OfferedSection s : offer.sections()) {
            assertThat(s.ssrc() == 0).isEqualTo(s.inactive());
        }
    }
}
