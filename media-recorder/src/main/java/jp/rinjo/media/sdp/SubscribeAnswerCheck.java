package jp.rinjo.media.sdp;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.ice.IceCredentials;

/**
 * What a browser's answer to a subscribe offer settled.
 *
 * @param remoteIce         the browser's ICE credentials (for the lite agent's checks)
 * @param remoteFingerprint the browser's DTLS certificate fingerprint (the DTLS client's certificate must match)
 * @param acceptedTrackKeys tracks the browser will receive, in section order
 * @param rejectedTrackKeys tracks it declined (inactive, port 0, or without the offered payload type)
 * @param rtxTrackKeys      accepted tracks whose answer kept the offered RTX payload type: their lost
 *                          packets may be resent as RTX
 */
public record SubscribeAnswerCheck(IceCredentials remoteIce, DtlsFingerprint remoteFingerprint,
                                   Set<String> acceptedTrackKeys, Set<String> rejectedTrackKeys,
                                   Set<String> rtxTrackKeys) {
    public SubscribeAnswerCheck {
        Objects.requireNonNull(remoteIce, "remoteIce");
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
        acceptedTrackKeys = Collections.unmodifiableSet(new LinkedHashSet<>(acceptedTrackKeys));
        rejectedTrackKeys = Collections.unmodifiableSet(new LinkedHashSet<>(rejectedTrackKeys));
        rtxTrackKeys = Collections.unmodifiableSet(new LinkedHashSet<>(rtxTrackKeys));
    }
}
