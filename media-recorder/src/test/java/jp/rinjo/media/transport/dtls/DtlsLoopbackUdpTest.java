package jp.rinjo.media.transport.dtls;

import static jp.rinjo.media.transport.dtls.TestDtlsClient.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jp.rinjo.media.transport.srtp.SrtpProfile;
import jp.rinjo.media.transport.srtp.SrtpSession;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.UDPTransport;
import org.junit.jupiter.api.Test;

/** The same handshake over real UDP sockets on 127.0.0.1, with a reader thread playing the Netty server. */
class DtlsLoopbackUdpTest {

    @Test
    void handshakeAndSrtpOverLoopbackUdp() throws Exception {
        DtlsCertificate serverCertificate = DtlsCertificate.generate();
        DtlsCertificate clientCertificate = DtlsCertificate.generate();
        ExecutorService executor = Executors.newCachedThreadPool();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket serverSocket = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket clientSocket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            InetSocketAddress clientAddress = (InetSocketAddress) clientSocket.getLocalSocketAddress();
            DtlsServer server = new DtlsServer(serverCertificate, DtlsConfig.defaults(), executor);
            DtlsServerSession session = server.newSession("udp-test", clientCertificate.fingerprint(), datagram -> {
                try {
                    serverSocket.send(new DatagramPacket(datagram, datagram.length, clientAddress));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            BlockingQueue<byte[]> media = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> readLoop(serverSocket, session, media), "udp-reader");
            reader.setDaemon(true);
            reader.start();

            clientSocket.connect(serverSocket.getLocalSocketAddress());
            TestDtlsClient client = new TestDtlsClient(clientCertificate, serverCertificate.fingerprint(),
                    ids(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM));
            DTLSTransport clientTransport = client.connect(new UDPTransport(clientSocket, 1500));

            DtlsResult result = session.handshake().get(30, TimeUnit.SECONDS);
            assertThat(result.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
            assertThat(result.keyingMaterial()).isEqualTo(client.keyingMaterial());

            // SRTP from the "browser" over the same socket pair, decrypted by the node.
            try (SrtpSession browser = SrtpSession.forClient(client.keyingMaterial());
                 SrtpSession node = SrtpSession.forServer(result.keyingMaterial())) {
                byte[] rtp = new byte[12 + 1000 + browser.rtpOverhead()];
                rtp[0] = (byte) 0x80;
                rtp[11] = 42;
                Arrays.fill(rtp, 12, 1012, (byte) 0x33);
                byte[] plain = Arrays.copyOf(rtp, 1012);
                int n = browser.protectRtp(rtp, 0, 1012);
                clientSocket.send(new DatagramPacket(rtp, n));
                byte[] received = media.poll(30, TimeUnit.SECONDS);
                assertThat(received).hasSize(n);
                assertThat(node.unprotectRtp(received, 0, n)).isEqualTo(1012);
                assertThat(Arrays.copyOf(received, 1012)).isEqualTo(plain);
            }

            clientTransport.close();
            assertThat(session.closed().get(30, TimeUnit.SECONDS)).isEqualTo(DtlsCloseReason.PEER_CLOSED);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void readLoop(DatagramSocket socket, DtlsServerSession session, BlockingQueue<byte[]> media) {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            // What the UDP layer does: DTLS by first byte (RFC 7983), everything else elsewhere.
            int first = buf[0] & 0xff;
            if (first >= 20 && first <= 63) {
                session.onDatagram(buf, 0, packet.getLength());
            } else if (first >= 128 && first <= 191) {
                media.add(Arrays.copyOf(buf, packet.getLength()));
            }
        }
    }
}
