/**
 * SRTP/SRTCP (RFC 3711, RFC 7714) over jitsi-srtp, keyed by a DTLS-SRTP handshake
 * ({@link jp.rinjo.media.transport.srtp.SrtpKeyingMaterial}) or explicitly. Packets are processed
 * in place in byte arrays; results are lengths or negative {@link jp.rinjo.media.transport.srtp.SrtpError}
 * codes, never exceptions for bad network input.
 */
package jp.rinjo.media.transport.srtp;
