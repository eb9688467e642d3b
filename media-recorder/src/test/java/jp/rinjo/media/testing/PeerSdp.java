package jp.rinjo.media.testing;

import java.util.ArrayList;
import java.util.List;

/** SDP a browser would write, reduced to what the node reads; for {@link JavaPeer}. */
public final class PeerSdp {
    public static final int H264_PT = 102;
    public static final int OPUS_PT = 111;
    public static final int TWCC_EXT = 3;
    public static final int MID_EXT = 4;

    private PeerSdp() {
    }

    /** A Chrome-like publish offer: H.264 (packetization-mode=1) video and Opus audio, BUNDLE, transport-cc. */
    public static String publishOffer(JavaPeer peer, long videoSsrc, long audioSsrc) {
        String transport = "a=ice-ufrag:" + peer.ice.ufrag() + "\r\na=ice-pwd:" + peer.ice.pwd() + "\r\n"
                + peer.fingerprintLine() + "\r\na=setup:actpass\r\n";
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
                .append("a=group:BUNDLE 0 1\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS stream\r\n");
        sb.append("m=video 9 UDP/TLS/RTP/SAVPF ").append(H264_PT).append("\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n")
                .append(transport).append("a=mid:0\r\n")
                .append("a=extmap:").append(TWCC_EXT).append(" http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n")
                .append("a=extmap:").append(MID_EXT).append(" urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                .append("a=sendonly\r\na=msid:stream video-track\r\na=rtcp-mux\r\na=rtcp-rsize\r\n")
                .append("a=rtpmap:").append(H264_PT).append(" H264/90000\r\n")
                .append("a=rtcp-fb:").append(H264_PT).append(" transport-cc\r\n")
                .append("a=rtcp-fb:").append(H264_PT).append(" nack\r\n")
                .append("a=rtcp-fb:").append(H264_PT).append(" nack pli\r\n")
                .append("a=rtcp-fb:").append(H264_PT).append(" ccm fir\r\n")
                .append("a=fmtp:").append(H264_PT).append(" level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n")
                .append("a=ssrc:").append(videoSsrc).append(" cname:javapeer\r\n")
                .append("a=ssrc:").append(videoSsrc).append(" msid:stream video-track\r\n");
        sb.append("m=audio 9 UDP/TLS/RTP/SAVPF ").append(OPUS_PT).append("\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n")
                .append(transport).append("a=mid:1\r\n")
                .append("a=extmap:").append(TWCC_EXT).append(" http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n")
                .append("a=extmap:").append(MID_EXT).append(" urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                .append("a=sendonly\r\na=msid:stream audio-track\r\na=rtcp-mux\r\n")
                .append("a=rtpmap:").append(OPUS_PT).append(" opus/48000/2\r\n")
                .append("a=rtcp-fb:").append(OPUS_PT).append(" transport-cc\r\n")
                .append("a=fmtp:").append(OPUS_PT).append(" minptime=10;useinbandfec=1\r\n")
                .append("a=ssrc:").append(audioSsrc).append(" cname:javapeer\r\n")
                .append("a=ssrc:").append(audioSsrc).append(" msid:stream audio-track\r\n");
        return sb.toString();
    }

    /** Answers a subscribe offer as a browser would: every section received (or inactive as offered), DTLS client. */
    public static String subscribeAnswer(JavaPeer peer, String offer) {
        String[] lines = offer.split("\r\n");
        StringBuilder sb = new StringBuilder("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        List<String> mids = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("a=mid:")) {
                mids.add(l.substring(6));
            }
        }
        sb.append("a=group:BUNDLE ").append(String.join(" ", mids)).append("\r\n");
        boolean inMedia = false;
        for (String l : lines) {
            if (l.startsWith("m=")) {
                inMedia = true;
                sb.append(l).append("\r\nc=IN IP4 0.0.0.0\r\n")
                        .append("a=ice-ufrag:").append(peer.ice.ufrag()).append("\r\na=ice-pwd:").append(peer.ice.pwd()).append("\r\n")
                        .append(peer.fingerprintLine()).append("\r\na=setup:active\r\na=rtcp-mux\r\n");
                continue;
            }
            if (!inMedia) {
                continue;
            }
            if (l.startsWith("a=mid:") || l.startsWith("a=rtpmap:") || l.startsWith("a=fmtp:") || l.startsWith("a=rtcp-fb:")) {
                sb.append(l).append("\r\n");
            } else if (l.equals("a=sendonly")) {
                sb.append("a=recvonly\r\n");
            } else if (l.equals("a=inactive")) {
                sb.append("a=inactive\r\n");
            }
        }
        return sb.toString();
    }
}
