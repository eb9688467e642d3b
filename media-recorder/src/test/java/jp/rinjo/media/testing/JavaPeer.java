package jp.rinjo.media.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.tls.DatagramTransport;

import jp.rinjo.media.transport.dtls.DtlsCertificate;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.dtls.TestDtlsClient;
import jp.rinjo.media.transport.ice.IceCredentials;
import jp.rinjo.media.transport.srtp.SrtpProfile;
import jp.rinjo.media.transport.srtp.SrtpSession;
import jp.rinjo.media.transport.stun.StunMessageBuilder;
import jp.rinjo.media.transport.udp.PacketClassifier;

/**
 * Fake: a browser peer connection reduced to what the media node sees on the wire — a controlling
 * ICE agent's checks, a DTLS client with its own certificate, SRTP — driven from Java for tests and
 * the load benchmark. Real browsers are tested separately in headless Chromium.
 *
 * <p>After the handshake a peer reads on a thread of its own, or, for the load benchmark, on a
 * {@link PeerReceiver} shared by many peers, as a machine with many real peers would not wake one
 * thread per datagram.
 */
public final class JavaPeer implements AutoCloseable {
    private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final Pattern PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("a=fingerprint:(\\S+ \\S+)");
    private static final Pattern CANDIDATE = Pattern.compile("a=candidate:\\S+ 1 udp \\d+ (127\\.0\\.0\\.1) (\\d+) typ host");

    public final IceCredentials ice = IceCredentials.generate();
    public final DtlsCertificate certificate = DtlsCertificate.generate();
    private final DatagramChannel channel;
    /** The channel seen as a socket, for the handshake's blocking reads with a timeout. */
    private final DatagramSocket socket;
    private IceCredentials serverIce;
    private DtlsFingerprint serverFingerprint;
    private InetSocketAddress server;
    private SrtpSession srtp;
    private Thread receiver;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile BiConsumer<byte[], Integer> onRtp = (b, n) -> { };
    private volatile BiConsumer<byte[], Integer> onRtcp = (b, n) -> { };
    private final java.util.Set<Integer> dropOrdinals = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int rtpOrdinal;

    public JavaPeer() throws IOException {
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket = channel.socket();
        socket.setReceiveBufferSize(4 * 1024 * 1024);
    }

    public String fingerprintLine() {
        return "a=fingerprint:" + certificate.fingerprint().toSdpValue();
    }

    /** Takes the node's ICE credentials, certificate fingerprint and loopback candidate from its SDP. */
    public void applyRemote(String sdp) {
        serverIce = new IceCredentials(find(UFRAG, sdp), find(PWD, sdp));
        serverFingerprint = DtlsFingerprint.parse(find(FINGERPRINT, sdp));
        Matcher c = CANDIDATE.matcher(sdp);
        if (!c.find()) {
            throw new AssertionError("no loopback host candidate in\n" + sdp);
        }
        server = new InetSocketAddress(c.group(1), Integer.parseInt(c.group(2)));
    }

    private static String find(Pattern p, String sdp) {
        Matcher m = p.matcher(sdp);
        if (!m.find()) {
            throw new AssertionError(p + " not in\n" + sdp);
        }
        return m.group(1);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public byte[] bindingRequest() {
        return StunMessageBuilder.bindingRequest(StunMessageBuilder.newTransactionId())
                .username(serverIce.ufrag() + ":" + ice.ufrag())
                .priority(1853824767L)
                .iceControlling(0x1122334455667788L)
                .useCandidate()
                .messageIntegrity(serverIce.integrityKey())
                .fingerprint()
                .build();
    }

    /** ICE check with nomination, then the DTLS handshake as client; SRTP is ready afterwards. */
    public void connect() throws IOException {
        connect(null);
    }

    /** As {@link #connect()}, then reads on {@code shared} instead of a thread of its own (null: its own). */
    public void connect(PeerReceiver shared) throws IOException {
        socket.setSoTimeout(200);
        byte[] buf = new byte[2048];
        boolean checked = false;
        for (int attempt = 0; attempt < 50 && !checked; attempt++) {
            send(bindingRequest());
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                checked = p.getLength() >= 20 && buf[0] == 0x01 && buf[1] == 0x01; // binding success
            } catch (SocketTimeoutException e) {
                // no answer yet (node still setting up): try again
            }
        }
        if (!checked) {
            throw new IOException("no ICE binding success from the node at " + server);
        }
        TestDtlsClient client = new TestDtlsClient(certificate, serverFingerprint,
                TestDtlsClient.ids(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80));
        client.connect(new SocketTransport());
        srtp = SrtpSession.forClient(client.keyingMaterial());
        socket.setSoTimeout(0);
        if (shared != null) {
            channel.configureBlocking(false);
            shared.register(channel, this::onDatagram);
            return;
        }
        receiver = new Thread(this::receiveLoop, "java-peer-" + ice.ufrag());
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Simulates loss on the way in: the RTP packets with these ordinals (0 = first) never arrive. */
    public void dropIncomingRtp(int... ordinals) {
        for (int o : ordinals) {
            dropOrdinals.add(o);
        }
    }

    public void onRtp(BiConsumer<byte[], Integer> handler) {
        onRtp = handler;
    }

    public void onRtcp(BiConsumer<byte[], Integer> handler) {
        onRtcp = handler;
    }

    public int rtpOverhead() {
        return srtp.rtpOverhead();
    }

    /** Protects and sends an RTP packet; {@code buf} needs {@link #rtpOverhead()} spare bytes after {@code len}. */
    public void sendRtp(byte[] buf, int len) throws IOException {
        int n = srtp.protectRtp(buf, 0, len);
        if (n < 0) {
            throw new IOException("SRTP protect failed: " + n);
        }
        sendTo(buf, 0, n);
    }

    public void sendRtcp(byte[] packet) throws IOException {
        byte[] buf = java.util.Arrays.copyOf(packet, packet.length + srtp.rtcpOverhead());
        int n = srtp.protectRtcp(buf, 0, packet.length);
        sendTo(buf, 0, n);
    }

    /** Raw bytes to the node, for garbage tests. */
    public void send(byte[] datagram) throws IOException {
        sendTo(datagram, 0, datagram.length);
    }

    /** On a shared receiver the channel is non-blocking, and a full send buffer drops the datagram, as UDP may. */
    private void sendTo(byte[] buf, int off, int len) throws IOException {
        channel.send(ByteBuffer.wrap(buf, off, len), server);
    }

    public void keepAlive() throws IOException {
        send(bindingRequest());
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        while (!closed.get()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            onDatagram(buf, p.getLength());
        }
    }

    private void onDatagram(byte[] buf, int len) {
        switch (PacketClassifier.classify(buf, 0, len)) {
            case RTP -> {
                if (dropOrdinals.remove(rtpOrdinal++)) {
                    return;
                }
                int n = srtp.unprotectRtp(buf, 0, len);
                if (n > 0) {
                    onRtp.accept(java.util.Arrays.copyOf(buf, n), n);
                }
            }
            case RTCP -> {
                int n = srtp.unprotectRtcp(buf, 0, len);
                if (n > 0) {
                    onRtcp.accept(java.util.Arrays.copyOf(buf, n), n);
                }
            }
            default -> { }
        }
    }

    /** BouncyCastle's view of the socket during the handshake: DTLS records only. */
    private final class SocketTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            long deadline = System.currentTimeMillis() + waitMillis;
            byte[] tmp = new byte[2048];
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return -1;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket p = new DatagramPacket(tmp, tmp.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return -1;
                }
                if (PacketClassifier.classify(tmp, 0, p.getLength()) == PacketClassifier.PacketType.DTLS) {
                    int n = Math.min(len, p.getLength());
                    System.arraycopy(tmp, 0, buf, off, n);
                    return n;
                }
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            sendTo(buf, off, len);
        }

        @Override
        public void close() {
        }
    }

    @Override
    public void close() {
        closed.set(true);
        try {
            channel.close();
        } catch (IOException e) {
            // closing a UDP channel does not fail in a way a test could act on
        }
        if (srtp != null) {
            srtp.close();
        }
    }

}
