package jp.rinjo.media.transport.dtls;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;

import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The media node's DTLS-SRTP server (RFC 5764, RFC 8827 §6.5): one per process, holding the
 * certificate whose fingerprint goes into every SDP answer, and a factory of per-endpoint
 * {@link DtlsServerSession}s. The node always answers {@code a=setup:passive}, so it is always the
 * DTLS server.
 *
 * <p>BouncyCastle's handshake blocks a thread for up to {@link DtlsConfig#handshakeTimeout()}, so the
 * executor must allow as many threads as handshakes are expected to run at once (a cached or
 * generously bounded pool); it must never be a Netty event loop. After the handshake a session
 * only borrows a thread briefly for the rare DTLS datagram (retransmitted final flight, alerts).
 *
 * <p>Thread-safe.
 */
public final class DtlsServer {
    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final Executor executor;
    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());

    public DtlsServer(DtlsCertificate certificate, DtlsConfig config, Executor executor) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    public DtlsCertificate certificate() {
        return certificate;
    }

    public DtlsConfig config() {
        return config;
    }

    /**
     * A session for one endpoint. Nothing runs until its first DTLS handshake datagram arrives.
     *
     * @param logId             tag for log lines, e.g. {@code "session=… participant=…"}; never secrets
     * @param remoteFingerprint the {@code a=fingerprint} of the endpoint's SDP offer
     * @param sender            writes datagrams to the endpoint's address
     */
    public DtlsServerSession newSession(String logId, DtlsFingerprint remoteFingerprint, DatagramSender sender) {
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
        Objects.requireNonNull(sender, "sender");
        return new DtlsServerSession(logId, crypto, certificate, config, remoteFingerprint, sender,
                new SerialExecutor(executor));
    }
}
