/**
 * STUN (RFC 8489, formerly RFC 5389) as ICE uses it: Binding requests and responses with
 * USERNAME, PRIORITY, ICE-CONTROLLING/-CONTROLLED, USE-CANDIDATE, XOR-MAPPED-ADDRESS, ERROR-CODE,
 * MESSAGE-INTEGRITY (HMAC-SHA1) and FINGERPRINT. Byte-array based and framework-free.
 *
 * <p>Entry points: {@link jp.rinjo.media.transport.stun.StunDecoder} (bytes to
 * {@link jp.rinjo.media.transport.stun.StunMessage}), {@link jp.rinjo.media.transport.stun.StunEncoder}
 * and {@link jp.rinjo.media.transport.stun.StunMessageBuilder} (to bytes),
 * {@link jp.rinjo.media.transport.stun.StunIntegrity} (HMAC and CRC in place).
 */
package jp.rinjo.media.transport.stun;
