/**
 * DTLS-SRTP server side (RFC 5764, RFC 8827 §6.5) on BouncyCastle's low-level TLS API, with no
 * Netty types: datagrams go in as byte arrays and come out through a {@link
 * jp.rinjo.media.transport.dtls.DatagramSender}.
 *
 * <h2>Wiring into the UDP server</h2>
 * <pre>{@code
 * // once per process
 * SrtpSession.warmUp();                                     // loads the AES implementation, at start-up
 * DtlsCertificate cert = DtlsCertificate.generate();        // cert.fingerprint().toSdpValue() -> a=fingerprint
 * ExecutorService dtlsPool = Executors.newCachedThreadPool(); // blocking handshakes; never an event loop
 * DtlsServer dtls = new DtlsServer(cert, DtlsConfig.defaults(), dtlsPool);
 *
 * // per endpoint, once its remote address is known from ICE
 * DtlsServerSession s = dtls.newSession("session=.. participant=..",
 *         DtlsFingerprint.parse(remoteSdpFingerprint),
 *         bytes -> channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), remote)));
 * s.handshake().thenAccept(r -> endpoint.srtp = SrtpSession.forServer(r.keyingMaterial()));
 * s.closed().thenAccept(reason -> { if (reason == PEER_CLOSED || reason == PEER_FATAL_ALERT) endpoint.close(); });
 *
 * // on the event loop, per datagram (demultiplexed by first byte, RFC 7983)
 * 20..63   -> s.onDatagram(array, off, len)                  // copies, never blocks
 * 128..191 -> endpoint.srtp.unprotectRtp / unprotectRtcp      // in place, on the endpoint's thread
 * }</pre>
 *
 * <p>Threading: {@code onDatagram} and {@code close} are safe from any thread and return at once.
 * The handshake runs on the pool (one thread per handshake in progress, for at most the handshake
 * timeout); afterwards a session uses a pool thread only briefly per DTLS datagram. The futures
 * complete, and the sender and application-data handler are called, on pool threads.
 */
package jp.rinjo.media.transport.dtls;
