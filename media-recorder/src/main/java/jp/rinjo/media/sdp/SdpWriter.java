package jp.rinjo.media.sdp;

import java.util.List;

/** Writes the node's descriptions: CRLF line endings (RFC 8866 §5), the lines both negotiators share. */
final class SdpWriter {
    private final StringBuilder sb = new StringBuilder(2048);

    SdpWriter line(String text) {
        sb.append(text).append("\r\n");
        return this;
    }

    /**
     * The session part. The node is an ICE-lite agent (RFC 8445 §2.5, RFC 8839 §5.3); its one
     * transport is shared by every m-section of the BUNDLE group (RFC 8843), which is omitted when
     * it would be empty.
     */
    SdpWriter session(long sessionId, long sessionVersion, List<String> bundleMids, boolean extmapAllowMixed) {
        line("v=0");
        line("o=- " + sessionId + " " + sessionVersion + " IN IP4 127.0.0.1");
        line("s=-");
        line("t=0 0");
        line("a=ice-lite");
        if (!bundleMids.isEmpty()) {
            line("a=group:BUNDLE " + String.join(" ", bundleMids));
        }
        if (extmapAllowMixed) {
            line("a=extmap-allow-mixed");
        }
        return line("a=msid-semantic: WMS");
    }

    /**
     * The m-line and transport attributes of a section that is not rejected. Port 9 and 0.0.0.0
     * are JSEP's placeholders (RFC 8829 §5.2.1); the real address is in the candidates.
     */
    SdpWriter transport(String kind, String protocol, int payloadType, NodeTransport transport, String setup,
                        String mid) {
        return transport(kind, protocol, List.of(payloadType), transport, setup, mid);
    }

    /** As above, with several payload types on the m-line (a codec and its RTX). */
    SdpWriter transport(String kind, String protocol, List<Integer> payloadTypes, NodeTransport transport, String setup,
                        String mid) {
        StringBuilder m = new StringBuilder("m=").append(kind).append(" 9 ").append(protocol);
        payloadTypes.forEach(pt -> m.append(' ').append(pt));
        line(m.toString());
        line("c=IN IP4 0.0.0.0");
        line("a=rtcp:9 IN IP4 0.0.0.0");
        line("a=ice-ufrag:" + transport.ice().ufrag());
        line("a=ice-pwd:" + transport.ice().pwd());
        line("a=fingerprint:" + transport.fingerprint().toSdpValue());
        line("a=setup:" + setup);
        return line("a=mid:" + mid);
    }

    /** rtpmap, then rtcp-fb and fmtp, as browsers order them. */
    SdpWriter codec(RtpCodec codec) {
        line("a=rtpmap:" + codec.rtpmapValue());
        for (String fb : codec.rtcpFeedback()) {
            line("a=rtcp-fb:" + codec.payloadType() + " " + fb);
        }
        if (codec.fmtp() != null && !codec.fmtp().isBlank()) {
            line("a=fmtp:" + codec.payloadType() + " " + codec.fmtp());
        }
        return this;
    }

    /** Host candidates, then end-of-candidates: a lite agent has no others to trickle (RFC 8838, RFC 8840). */
    SdpWriter candidates(NodeTransport transport) {
        for (String c : transport.candidateLines()) {
            line("a=" + c);
        }
        return line("a=end-of-candidates");
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
