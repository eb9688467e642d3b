package jp.rinjo.media.transport.srtp;

import java.util.Optional;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles this media node negotiates through DTLS {@code use_srtp}.
 *
 * <p>Identifiers come from the IANA "DTLS-SRTP Protection Profiles" registry: 0x0001 is defined
 * by RFC 5764 §4.1.2, 0x0007 by RFC 7714 §14.2. MKI is never used (WebRTC does not).
 */
public enum SrtpProfile {
    /** AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 3711); every browser supports it. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10),
    /** AES-128-GCM AEAD (RFC 7714): cheaper per packet than CM + HMAC, 16-byte tag. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16);

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** The two-byte profile identifier carried in the {@code use_srtp} extension. */
    public int id() {
        return id;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Bytes the SRTP authentication tag adds to every RTP packet. */
    public int rtpOverhead() {
        return tagLength;
    }

    /** Bytes SRTCP adds to every RTCP packet: the tag plus the 4-byte E flag and SRTCP index (RFC 3711 §3.4). */
    public int rtcpOverhead() {
        return tagLength + 4;
    }

    /** Length of the DTLS exporter output needed for this profile (RFC 5764 §4.2): two keys and two salts. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with the given {@code use_srtp} identifier, if this node supports it. */
    public static Optional<SrtpProfile> fromId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * A fresh jitsi-srtp policy for this profile. SrtpPolicy is mutable, so every caller gets its own.
     * The same policy serves SRTP and SRTCP: RFC 5764 §4.1.2 and RFC 7714 §14.2 use the same
     * transforms and tag lengths for both.
     */
    SrtpPolicy newPolicy() {
        return switch (this) {
            case AES128_CM_HMAC_SHA1_80 -> new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength,
                    SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tagLength, saltLength);
            // For GCM the tag is produced by the cipher itself: jitsi-srtp wants NULL authentication
            // with a 16-byte tag length.
            case AEAD_AES_128_GCM -> new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength,
                    SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, saltLength);
        };
    }

    /**
     * The policy for received SRTP: jitsi-srtp's 64-packet replay check is off, because
     * {@link ReceiveReplayWindow} keeps a wider one (NACKed resends arrive far behind the newest).
     */
    SrtpPolicy newRtpReceivePolicy() {
        SrtpPolicy policy = newPolicy();
        policy.setReceiveReplayEnabled(false);
        return policy;
    }
}
