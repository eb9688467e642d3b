package jp.rinjo.media.transport.dtls;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

import jp.rinjo.media.transport.srtp.SrtpProfile;

/**
 * Settings of the DTLS-SRTP server.
 *
 * @param handshakeTimeout      how long a handshake may take from the first ClientHello to the
 *                              final flight; browsers retransmit for about a minute, but a
 *                              healthy handshake finishes in well under a second
 * @param srtpProfiles          acceptable SRTP profiles, most preferred first; the first one the
 *                              client also offers is chosen (RFC 5764 §4.1.1 leaves the choice to
 *                              the server)
 * @param maxDatagramSize       largest UDP payload the server sends; handshake messages are
 *                              fragmented to fit. 1200 leaves room for IPv6, UDP and TURN headers
 *                              under a 1280-byte path MTU, which is what browsers assume as well
 * @param receiveQueueCapacity  datagrams buffered per session while the DTLS thread catches up;
 *                              more are dropped (and counted) rather than blocking the UDP thread
 */
public record DtlsConfig(Duration handshakeTimeout, List<SrtpProfile> srtpProfiles, int maxDatagramSize,
                         int receiveQueueCapacity) {

    public DtlsConfig {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(srtpProfiles, "srtpProfiles");
        if (handshakeTimeout.toMillis() < 1 || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshakeTimeout must be between 1 ms and ~24 days: " + handshakeTimeout);
        }
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile is required");
        }
        if (EnumSet.copyOf(srtpProfiles).size() != srtpProfiles.size()) {
            throw new IllegalArgumentException("duplicate SRTP profile in " + srtpProfiles);
        }
        // 256 bytes is far below any real path MTU but still lets BC fragment a handshake message.
        if (maxDatagramSize < 256 || maxDatagramSize > 65_507) {
            throw new IllegalArgumentException("maxDatagramSize must be within 256..65507: " + maxDatagramSize);
        }
        if (receiveQueueCapacity < 8) {
            throw new IllegalArgumentException("receiveQueueCapacity must be at least 8 (one handshake flight): "
                    + receiveQueueCapacity);
        }
    }

    /** 10 s timeout, GCM preferred over AES-CM/HMAC-SHA1-80, 1200-byte datagrams, 64 queued datagrams. */
    public static DtlsConfig defaults() {
        return new DtlsConfig(Duration.ofSeconds(10),
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80), 1200, 64);
    }

    public DtlsConfig withHandshakeTimeout(Duration timeout) {
        return new DtlsConfig(timeout, srtpProfiles, maxDatagramSize, receiveQueueCapacity);
    }

    public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsConfig(handshakeTimeout, profiles, maxDatagramSize, receiveQueueCapacity);
    }

    public DtlsConfig withMaxDatagramSize(int size) {
        return new DtlsConfig(handshakeTimeout, srtpProfiles, size, receiveQueueCapacity);
    }

    public DtlsConfig withReceiveQueueCapacity(int capacity) {
        return new DtlsConfig(handshakeTimeout, srtpProfiles, maxDatagramSize, capacity);
    }
}
