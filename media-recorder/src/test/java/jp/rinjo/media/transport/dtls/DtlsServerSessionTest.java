package jp.rinjo.media.transport.dtls;

import static jp.rinjo.media.transport.dtls.TestDtlsClient.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jp.rinjo.media.transport.dtls.DtlsHandshakeException.Reason;
import jp.rinjo.media.transport.srtp.SrtpProfile;
import jp.rinjo.media.transport.srtp.SrtpSession;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DtlsServerSessionTest {
    private static final long WAIT_SECONDS = 30; // a deadline against hanging, not a performance check
    private static DtlsCertificate serverCertificate;
    private static DtlsCertificate clientCertificate;

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dtls-test");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void certificates() {
        serverCertificate = DtlsCertificate.generate();
        clientCertificate = DtlsCertificate.generate();
    }

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private DtlsServerSession newSession(DtlsConfig config, DtlsFingerprint expectedClient, MemoryLink link) {
        DtlsServer server = new DtlsServer(serverCertificate, config, executor);
        DtlsServerSession session = server.newSession("test", expectedClient, link.serverSender());
        link.session = session;
        return session;
    }

    private TestDtlsClient browser(SrtpProfile... offered) {
        return new TestDtlsClient(clientCertificate, serverCertificate.fingerprint(), ids(offered));
    }

    private static DtlsResult await(CompletableFuture<DtlsResult> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static DtlsHandshakeException failureOf(DtlsServerSession session) {
        try {
            session.handshake().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DtlsHandshakeException.class);
            return (DtlsHandshakeException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("handshake neither completed nor failed", e);
        }
        throw new AssertionError("handshake succeeded but should have failed");
    }

    @Test
    void handshakeDerivesTheSameKeysOnBothSidesAndPrefersGcm() throws Exception {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        // Chrome's order: it lists AES-CM first, the server's preference must still win.
        TestDtlsClient client = browser(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM);

        DTLSTransport clientTransport = client.connect(link.clientTransport());
        DtlsResult result = await(session.handshake());

        assertThat(result.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(client.chosenProfile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(result.keyingMaterial()).isEqualTo(client.keyingMaterial());
        assertThat(result.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(result.peerFingerprint()).isEqualTo(clientCertificate.fingerprint());
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CONNECTED);
        // The server never sends a datagram above the configured size.
        assertThat(link.fromServer).allSatisfy(d -> assertThat(d.length).isLessThanOrEqualTo(1200));
        clientTransport.close();
    }

    @Test
    void keysFromTheHandshakeCarrySrtpBothWays() throws Exception {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        TestDtlsClient client = browser(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        client.connect(link.clientTransport());
        DtlsResult result = await(session.handshake());
        assertThat(result.profile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);

        try (SrtpSession browserSrtp = SrtpSession.forClient(client.keyingMaterial());
             SrtpSession nodeSrtp = SrtpSession.forServer(result.keyingMaterial())) {
            byte[] up = rtp(0x01020304, 1, browserSrtp.rtpOverhead());
            byte[] expected = up.clone();
            int n = browserSrtp.protectRtp(up, 0, 112);
            assertThat(nodeSrtp.unprotectRtp(up, 0, n)).isEqualTo(112);
            assertThat(java.util.Arrays.copyOf(up, 112)).isEqualTo(java.util.Arrays.copyOf(expected, 112));

            byte[] down = rtp(0x0a0b0c0d, 1, nodeSrtp.rtpOverhead());
            int m = nodeSrtp.protectRtp(down, 0, 112);
            assertThat(browserSrtp.unprotectRtp(down, 0, m)).isEqualTo(112);
        }
    }

    @Test
    void serverPreferenceIsConfigurable() throws Exception {
        MemoryLink link = new MemoryLink();
        DtlsConfig cmFirst = DtlsConfig.defaults()
                .withSrtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM));
        DtlsServerSession session = newSession(cmFirst, clientCertificate.fingerprint(), link);
        TestDtlsClient client = browser(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);
        client.connect(link.clientTransport());
        assertThat(await(session.handshake()).profile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        assertThat(client.chosenProfile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    @Test
    void fingerprintMismatchFailsTheHandshake() {
        MemoryLink link = new MemoryLink();
        DtlsFingerprint someoneElse = DtlsCertificate.generate().fingerprint();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), someoneElse, link);

        assertThatThrownBy(() -> browser(SrtpProfile.AEAD_AES_128_GCM).connect(link.clientTransport()))
                .isInstanceOf(TlsFatalAlertReceived.class);
        DtlsHandshakeException failure = failureOf(session);
        assertThat(failure.reason()).isEqualTo(Reason.FINGERPRINT_MISMATCH);
        assertThat(failure.getMessage())
                .contains(clientCertificate.fingerprint().value())
                .contains(someoneElse.value());
        assertThat(session.closed().join()).isEqualTo(DtlsCloseReason.HANDSHAKE_FAILED);
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CLOSED);
    }

    @Test
    void clientWithoutUseSrtpFails() {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        TestDtlsClient client = new TestDtlsClient(clientCertificate, serverCertificate.fingerprint(), (int[]) null);

        assertThatThrownBy(() -> client.connect(link.clientTransport())).isInstanceOf(TlsFatalAlertReceived.class);
        DtlsHandshakeException failure = failureOf(session);
        assertThat(failure.reason()).isEqualTo(Reason.NO_USE_SRTP);
        assertThat(failure.getMessage()).contains("use_srtp");
    }

    @Test
    void clientOfferingOnlyUnsupportedProfilesFails() {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        // SRTP_AES128_CM_HMAC_SHA1_32 (RFC 5764) and SRTP_AEAD_AES_256_GCM (RFC 7714)
        TestDtlsClient client = new TestDtlsClient(clientCertificate, serverCertificate.fingerprint(), 0x0002, 0x0008);

        assertThatThrownBy(() -> client.connect(link.clientTransport())).isInstanceOf(TlsFatalAlertReceived.class);
        DtlsHandshakeException failure = failureOf(session);
        assertThat(failure.reason()).isEqualTo(Reason.NO_COMMON_SRTP_PROFILE);
        assertThat(failure.getMessage()).contains("0x0002").contains("0x0008");
    }

    @Test
    void onlyGcmAcceptedRefusesACmOnlyClient() {
        MemoryLink link = new MemoryLink();
        DtlsConfig gcmOnly = DtlsConfig.defaults().withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM));
        DtlsServerSession session = newSession(gcmOnly, clientCertificate.fingerprint(), link);
        assertThatThrownBy(() -> browser(SrtpProfile.AES128_CM_HMAC_SHA1_80).connect(link.clientTransport()))
                .isInstanceOf(TlsFatalAlertReceived.class);
        assertThat(failureOf(session).reason()).isEqualTo(Reason.NO_COMMON_SRTP_PROFILE);
    }

    @Test
    void clientWithoutCertificateFails() {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        TestDtlsClient client = new TestDtlsClient(null, serverCertificate.fingerprint(),
                ids(SrtpProfile.AEAD_AES_128_GCM));
        assertThatThrownBy(() -> client.connect(link.clientTransport())).isInstanceOf(TlsFatalAlertReceived.class);
        assertThat(failureOf(session).reason()).isEqualTo(Reason.NO_CLIENT_CERTIFICATE);
    }

    @Test
    void clientRejectingTheServerCertificateIsAPeerAlert() {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        TestDtlsClient client = new TestDtlsClient(clientCertificate, DtlsCertificate.generate().fingerprint(),
                ids(SrtpProfile.AEAD_AES_128_GCM));
        assertThatThrownBy(() -> client.connect(link.clientTransport())).isInstanceOf(TlsFatalAlert.class);
        DtlsHandshakeException failure = failureOf(session);
        assertThat(failure.reason()).isEqualTo(Reason.PEER_ALERT);
        assertThat(failure.getMessage()).contains("bad_certificate");
    }

    @Test
    void everyDatagramDuplicatedInBothDirections() throws Exception {
        MemoryLink link = new MemoryLink();
        link.duplicate = true;
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        TestDtlsClient client = browser(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);
        client.connect(link.clientTransport());
        assertThat(await(session.handshake()).keyingMaterial()).isEqualTo(client.keyingMaterial());
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CONNECTED);
    }

    @Test
    void lostFinalFlightIsRetransmittedAfterTheServerConsidersItselfConnected() throws Exception {
        MemoryLink link = new MemoryLink();
        // Drop the server's ChangeCipherSpec and first epoch-1 record once: the client then
        // retransmits its last flight, which the server must answer from its post-handshake loop.
        AtomicInteger dropped = new AtomicInteger();
        link.dropToClient = d -> (MemoryLink.contentType(d) == 20 || MemoryLink.epoch(d) == 1)
                && dropped.getAndIncrement() < 2;
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        TestDtlsClient client = browser(SrtpProfile.AEAD_AES_128_GCM);

        client.connect(link.clientTransport());
        assertThat(await(session.handshake()).keyingMaterial()).isEqualTo(client.keyingMaterial());
        assertThat(dropped.get()).isGreaterThanOrEqualTo(2);
        assertThat(link.fromServer.stream().filter(d -> MemoryLink.epoch(d) == 1).count())
                .as("final flight sent again").isGreaterThanOrEqualTo(2);
    }

    @Test
    void garbageBeforeDuringAndAfterTheHandshakeIsIgnored() throws Exception {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        Random random = new Random(7);
        // Before: noise, and DTLS-looking records that are not handshakes, must not start anything.
        for (int i = 0; i < 100; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (junk.length > 0) {
                // change_cipher_spec, alert, application_data or non-DTLS, never a handshake record
                junk[0] = i % 2 == 0 ? (byte) (20 + random.nextInt(2)) : junk[0] == 22 ? 23 : junk[0];
            }
            session.onDatagram(junk, 0, junk.length);
        }
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.NEW);

        // During: every client datagram is preceded by a truncated copy and a same-length random one.
        link.beforeClientDatagram = d -> {
            byte[] truncated = java.util.Arrays.copyOf(d, 1 + random.nextInt(d.length - 1));
            session.onDatagram(truncated, 0, truncated.length);
            byte[] noise = new byte[d.length];
            random.nextBytes(noise);
            noise[0] = d[0];
            session.onDatagram(noise, 0, noise.length);
        };
        TestDtlsClient client = browser(SrtpProfile.AEAD_AES_128_GCM);
        DTLSTransport clientTransport = client.connect(link.clientTransport());
        assertThat(await(session.handshake()).keyingMaterial()).isEqualTo(client.keyingMaterial());
        link.beforeClientDatagram = d -> { };

        // After: records claiming DTLS 1.2 epochs 0/1 with random bodies, half with a consistent
        // length so they reach MAC verification. Fewer than the queue holds, so none is dropped.
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[13 + 1 + random.nextInt(300)];
            random.nextBytes(junk);
            junk[0] = (byte) (20 + random.nextInt(4));
            junk[1] = (byte) 0xfe;
            junk[2] = (byte) 0xfd;
            junk[3] = 0;
            junk[4] = (byte) random.nextInt(2);
            if (i % 2 == 0) {
                junk[11] = (byte) ((junk.length - 13) >> 8);
                junk[12] = (byte) (junk.length - 13);
            }
            session.onDatagram(junk, 0, junk.length);
        }
        // Real encrypted records from the client cut short, with the length field made consistent:
        // BC would answer these with a fatal decode_error, so they must never reach it.
        byte[] finished = link.fromClient.stream().filter(d -> MemoryLink.epoch(d) == 1).findFirst().orElseThrow();
        for (int body = 0; body < 24; body++) {
            byte[] cut = java.util.Arrays.copyOf(finished, 13 + body);
            cut[11] = 0;
            cut[12] = (byte) body;
            session.onDatagram(cut, 0, cut.length);
        }
        // Authenticated application data still gets through afterwards: the session survived and
        // processed the garbage in order.
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        session.setApplicationDataHandler(received::add);
        clientTransport.send(new byte[] {1, 2, 3}, 0, 3);
        assertThat(received.poll(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CONNECTED);
        assertThat(session.applicationDataRecords()).isEqualTo(1);
        assertThat(session.droppedDatagrams()).isGreaterThan(0);
    }

    @Test
    void onlyGarbageEndsInATimeout() {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults().withHandshakeTimeout(Duration.ofMillis(300)),
                clientCertificate.fingerprint(), link);
        Random random = new Random(9);
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[13 + random.nextInt(100)];
            random.nextBytes(junk);
            junk[0] = 22;                // handshake, so the session starts a handshake...
            junk[1] = (byte) 0x03;       // ...but TLS, not DTLS, framing: BC discards the record
            session.onDatagram(junk, 0, junk.length);
        }
        assertThat(failureOf(session).reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(session.closed().join()).isEqualTo(DtlsCloseReason.HANDSHAKE_FAILED);
    }

    @Test
    void applicationDataReachesTheHandler() throws Exception {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        session.setApplicationDataHandler(received::add);
        DTLSTransport clientTransport = browser(SrtpProfile.AEAD_AES_128_GCM).connect(link.clientTransport());
        await(session.handshake());
        byte[] sctpLike = new byte[700];
        new Random(3).nextBytes(sctpLike);
        clientTransport.send(sctpLike, 0, sctpLike.length);
        assertThat(received.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(sctpLike);
    }

    @Test
    void peerCloseNotifyEndsTheSession() throws Exception {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        DTLSTransport clientTransport = browser(SrtpProfile.AEAD_AES_128_GCM).connect(link.clientTransport());
        await(session.handshake());
        clientTransport.close();
        assertThat(session.closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(DtlsCloseReason.PEER_CLOSED);
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CLOSED);
    }

    @Test
    void localCloseSendsCloseNotify() throws Exception {
        MemoryLink link = new MemoryLink();
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), link);
        browser(SrtpProfile.AEAD_AES_128_GCM).connect(link.clientTransport());
        await(session.handshake());
        int sentBefore = link.fromServer.size();
        session.close();
        assertThat(session.closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(DtlsCloseReason.LOCAL_CLOSE);
        List<byte[]> after = link.fromServer.subList(sentBefore, link.fromServer.size());
        assertThat(after).as("an encrypted alert record").anySatisfy(d -> {
            assertThat(MemoryLink.contentType(d)).isEqualTo(21);
            assertThat(MemoryLink.epoch(d)).isEqualTo(1);
        });
        session.close(); // idempotent
        byte[] late = link.fromClient.get(0);
        session.onDatagram(late, 0, late.length); // ignored, no exception
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.CLOSED);
    }

    @Test
    void closeDuringTheHandshakeFailsItAsClosed() throws Exception {
        MemoryLink link = new MemoryLink();
        link.dropToClient = d -> true; // the client never hears back: the server waits for its next flight
        DtlsServerSession session = newSession(DtlsConfig.defaults().withHandshakeTimeout(Duration.ofMinutes(5)),
                clientCertificate.fingerprint(), link);
        Thread clientThread = new Thread(() -> {
            try {
                browser(SrtpProfile.AEAD_AES_128_GCM).connect(link.clientTransport());
            } catch (Exception expected) {
                // the client gives up eventually; irrelevant here
            }
        });
        clientThread.setDaemon(true);
        clientThread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (link.fromServer.isEmpty()) { // once the server has answered the ClientHello it is mid-handshake
            assertThat(System.nanoTime()).as("server answered the ClientHello in time").isLessThan(deadline);
            Thread.sleep(1);
        }
        assertThat(session.state()).isEqualTo(DtlsServerSession.State.HANDSHAKING);
        session.close();
        assertThat(failureOf(session).reason()).isEqualTo(Reason.CLOSED);
        assertThat(session.closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(DtlsCloseReason.LOCAL_CLOSE);
        clientThread.interrupt();
    }

    @Test
    void closeBeforeAnyDatagram() {
        DtlsServerSession session = newSession(DtlsConfig.defaults(), clientCertificate.fingerprint(), new MemoryLink());
        session.close();
        assertThat(failureOf(session).reason()).isEqualTo(Reason.CLOSED);
        assertThat(session.closed().join()).isEqualTo(DtlsCloseReason.LOCAL_CLOSE);
    }

    private static byte[] rtp(int ssrc, int seq, int tailRoom) {
        byte[] p = new byte[112 + tailRoom];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        new Random(seq).nextBytes(java.util.Arrays.copyOfRange(p, 12, 112));
        for (int i = 12; i < 112; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }
}
