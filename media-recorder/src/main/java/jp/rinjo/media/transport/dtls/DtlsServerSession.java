package jp.rinjo.media.transport.dtls;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import jp.rinjo.media.transport.dtls.DtlsHandshakeException.Reason;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DTLS server side of one WebRTC endpoint.
 *
 * <p>The UDP layer pushes every datagram whose first byte is 20–63 (RFC 7983) into
 * {@link #onDatagram}; the session never blocks the caller. The first handshake record starts
 * the handshake on the server's executor; {@link #handshake()} completes with the SRTP keys or
 * fails with a {@link DtlsHandshakeException} naming the reason. The session stays alive after the
 * handshake to answer a retransmitted final flight (RFC 6347 §4.2.4), to notice the peer's
 * close_notify, and to hand application data (SCTP, unused for now) to a handler.
 * {@link #closed()} completes when the session ends for any reason.
 *
 * <p>Thread-safe: {@link #onDatagram} and {@link #close()} may be called from any thread. Futures
 * complete and handlers run on the executor; use the {@code ...Async} variants for heavy work.
 */
public final class DtlsServerSession implements AutoCloseable {
    /** Lifecycle: NEW until the first ClientHello, then HANDSHAKING, CONNECTED, and finally CLOSED. */
    public enum State { NEW, HANDSHAKING, CONNECTED, CLOSED }

    private static final Logger log = LoggerFactory.getLogger(DtlsServerSession.class);
    private static final int CONTENT_TYPE_HANDSHAKE = 22;

    private final String logId;
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final DtlsFingerprint remoteFingerprint;
    private final QueueDatagramTransport transport;
    private final SerialExecutor lane;

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<DtlsResult> handshake = new CompletableFuture<>();
    private final CompletableFuture<DtlsCloseReason> closed = new CompletableFuture<>();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder applicationData = new LongAdder();
    private volatile ApplicationDataHandler applicationDataHandler = data -> { };
    /** Written on the lane; volatile because close() and rejection handling read them from other threads. */
    private volatile DTLSTransport dtls;
    private volatile SrtpTlsServer tlsServer;

    DtlsServerSession(String logId, BcTlsCrypto crypto, DtlsCertificate certificate, DtlsConfig config,
                      DtlsFingerprint remoteFingerprint, DatagramSender sender, SerialExecutor lane) {
        this.logId = logId;
        this.crypto = crypto;
        this.certificate = certificate;
        this.config = config;
        this.remoteFingerprint = remoteFingerprint;
        this.transport = new QueueDatagramTransport(config.receiveQueueCapacity(), config.maxDatagramSize(), sender,
                logId);
        this.lane = lane;
    }

    /**
     * Takes one DTLS datagram from the network. Copies it and returns at once. Datagrams that cannot
     * be DTLS records, that arrive before a handshake record or after the end, or that overflow the
     * queue are dropped and counted.
     */
    public void onDatagram(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        State current = state.get();
        boolean plausible = len >= DtlsRecords.HEADER_LENGTH && data[off] >= 20 && data[off] <= 63;
        SrtpTlsServer tls = tlsServer;
        if (current == State.CLOSED || !plausible
                || (current == State.NEW && data[off] != CONTENT_TYPE_HANDSHAKE)
                || DtlsRecords.hasUndersizedEncryptedRecord(data, off, len,
                        tls == null ? 16 : tls.minEncryptedRecordLength())) {
            ignored.increment();
            return;
        }
        if (!transport.offer(data, off, len)) {
            return;
        }
        // Queue first, then look at the state: a handshake that finishes concurrently drains the
        // queue after it switches to CONNECTED, so nothing is stranded.
        current = state.get();
        if (current == State.NEW && state.compareAndSet(State.NEW, State.HANDSHAKING)) {
            submit(this::runHandshake);
        } else if (current == State.CONNECTED) {
            submit(this::drain);
        }
    }

    /** Completes with the SRTP keys, or exceptionally with a {@link DtlsHandshakeException}. */
    public CompletableFuture<DtlsResult> handshake() {
        return handshake;
    }

    /** Completes when the session has ended, with why. */
    public CompletableFuture<DtlsCloseReason> closed() {
        return closed;
    }

    public State state() {
        return state.get();
    }

    /** Where decrypted application data goes (WebRTC data channels' SCTP); dropped by default. */
    public void setApplicationDataHandler(ApplicationDataHandler handler) {
        this.applicationDataHandler = Objects.requireNonNull(handler, "handler");
    }

    /** Datagrams dropped because they were not plausible DTLS, arrived out of state, or overflowed the queue. */
    public long droppedDatagrams() {
        return ignored.sum() + transport.droppedDatagrams();
    }

    /** Application data records received after the handshake. */
    public long applicationDataRecords() {
        return applicationData.sum();
    }

    /**
     * Ends the session: sends close_notify if connected, aborts a running handshake (which then fails
     * with {@link Reason#CLOSED}). Idempotent, never blocks.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        switch (previous) {
            case NEW -> {
                transport.shutdown();
                finish(new DtlsHandshakeException(Reason.CLOSED, "closed before any handshake", null),
                        DtlsCloseReason.LOCAL_CLOSE);
            }
            // The blocked handshake wakes up, fails, sees CLOSED and completes the futures.
            case HANDSHAKING -> transport.shutdown();
            case CONNECTED -> submit(() -> closeConnected(DtlsCloseReason.LOCAL_CLOSE));
            case CLOSED -> { }
        }
    }

    private void runHandshake() {
        if (state.get() != State.HANDSHAKING) {
            finish(new DtlsHandshakeException(Reason.CLOSED, "closed before the handshake started", null),
                    DtlsCloseReason.LOCAL_CLOSE);
            return;
        }
        log.debug("[{}] DTLS handshake started", logId);
        try {
            tlsServer = new SrtpTlsServer(crypto, certificate, config, remoteFingerprint, logId);
            DTLSTransport established = new DTLSServerProtocol().accept(tlsServer, transport);
            dtls = established;
            transport.switchToNonBlocking();
            if (!state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
                // close() won the race: tell the peer and report the handshake as cancelled.
                closeQuietly(established);
                transport.shutdown();
                finish(new DtlsHandshakeException(Reason.CLOSED, "closed during the handshake", null),
                        DtlsCloseReason.LOCAL_CLOSE);
                return;
            }
            handshake.complete(tlsServer.result());
            drain();
        } catch (IOException | RuntimeException e) {
            DtlsHandshakeException failure = classify(e);
            log.debug("[{}] DTLS handshake failed: {}", logId, failure.getMessage());
            state.set(State.CLOSED);
            transport.shutdown();
            finish(failure, failure.reason() == Reason.CLOSED ? DtlsCloseReason.LOCAL_CLOSE
                    : DtlsCloseReason.HANDSHAKE_FAILED);
        }
    }

    private DtlsHandshakeException classify(Exception e) {
        DtlsHandshakeException diagnosed = tlsServer == null ? null : tlsServer.failure();
        if (diagnosed != null) {
            return new DtlsHandshakeException(diagnosed.reason(), stripReason(diagnosed), e);
        }
        if (state.get() == State.CLOSED) {
            return new DtlsHandshakeException(Reason.CLOSED, "closed during the handshake", e);
        }
        if (e instanceof TlsTimeoutException) {
            return new DtlsHandshakeException(Reason.TIMEOUT, "no complete handshake within "
                    + config.handshakeTimeout(), e);
        }
        if (e instanceof TlsFatalAlertReceived received) {
            return new DtlsHandshakeException(Reason.PEER_ALERT, "client sent fatal alert "
                    + AlertDescription.getText(received.getAlertDescription()), e);
        }
        if (e instanceof TlsFatalAlert alert) {
            return new DtlsHandshakeException(Reason.PROTOCOL_ERROR, AlertDescription.getText(alert.getAlertDescription())
                    + (alert.getMessage() == null ? "" : ": " + alert.getMessage()), e);
        }
        return new DtlsHandshakeException(Reason.PROTOCOL_ERROR, String.valueOf(e.getMessage()), e);
    }

    private static String stripReason(DtlsHandshakeException e) {
        String prefix = e.reason() + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Reads whatever DTLS datagrams are queued: retransmitted flights, alerts, application data. Lane only. */
    private void drain() {
        if (state.get() != State.CONNECTED) {
            return;
        }
        byte[] buf = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
        try {
            while (state.get() == State.CONNECTED) {
                boolean drained = false;
                try {
                    deliver(buf, dtls.receive(buf, 0, buf.length, 1));
                } catch (QueueDatagramTransport.QueueDrainedException e) {
                    drained = true; // a datagram queued after this point schedules another drain
                }
                // A datagram may carry several records; BC keeps the rest for receivePending.
                for (int n = dtls.receivePending(buf, 0, buf.length); n >= 0; n = dtls.receivePending(buf, 0, buf.length)) {
                    deliver(buf, n);
                }
                if (transport.isClosedByProtocol()) {
                    // BC closed the record layer: the peer's close_notify (answered already) or an error.
                    end(tlsServer.peerSentCloseNotify() ? DtlsCloseReason.PEER_CLOSED : DtlsCloseReason.ERROR);
                    return;
                }
                if (drained) {
                    return;
                }
            }
        } catch (TlsFatalAlertReceived e) {
            log.debug("[{}] peer sent fatal alert {}", logId, AlertDescription.getText(e.getAlertDescription()));
            end(DtlsCloseReason.PEER_FATAL_ALERT);
        } catch (IOException | RuntimeException e) {
            if (state.get() == State.CONNECTED) {
                log.debug("[{}] DTLS error after the handshake", logId, e);
                end(tlsServer.peerSentCloseNotify() ? DtlsCloseReason.PEER_CLOSED : DtlsCloseReason.ERROR);
            }
        }
    }

    private void deliver(byte[] buf, int length) {
        if (length < 0) {
            return;
        }
        applicationData.increment();
        try {
            applicationDataHandler.onApplicationData(Arrays.copyOf(buf, length));
        } catch (RuntimeException e) {
            log.warn("[{}] application data handler failed", logId, e);
        }
    }

    private void closeConnected(DtlsCloseReason reason) {
        closeQuietly(dtls);
        transport.shutdown();
        closed.complete(reason);
        log.debug("[{}] DTLS session closed: {}", logId, reason);
    }

    private void end(DtlsCloseReason reason) {
        if (state.compareAndSet(State.CONNECTED, State.CLOSED)) {
            closeConnected(reason);
        }
    }

    private void closeQuietly(DTLSTransport t) {
        try {
            t.close(); // sends close_notify (RFC 5246 §7.2.1)
        } catch (IOException | RuntimeException e) {
            log.debug("[{}] error sending close_notify", logId, e);
        }
    }

    private void finish(DtlsHandshakeException failure, DtlsCloseReason reason) {
        handshake.completeExceptionally(failure);
        closed.complete(reason);
    }

    private void submit(Runnable task) {
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            log.warn("[{}] DTLS executor rejected work; closing the session", logId);
            State previous = state.getAndSet(State.CLOSED);
            transport.shutdown();
            if (previous == State.CONNECTED && dtls != null) {
                closeQuietly(dtls);
            }
            finish(new DtlsHandshakeException(Reason.CLOSED, "executor rejected the handshake", e),
                    DtlsCloseReason.ERROR);
        }
    }
}
