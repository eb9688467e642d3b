package jp.rinjo.media.transport.dtls;

/**
 * Minimal look into DTLS record headers (RFC 6347 §4.1) to keep forged datagrams away from
 * BouncyCastle where BC would not shrug them off.
 *
 * <p>RFC 6347 §4.1.2.7 says invalid records SHOULD be silently discarded, and BC does so for bad
 * MACs, but an encrypted record shorter than the AEAD overhead makes it raise a fatal decode_error
 * and tear the connection down. Since anyone who can put a packet on the 5-tuple can send such a
 * record, they are dropped before BC sees them.
 */
final class DtlsRecords {
    static final int HEADER_LENGTH = 13;

    private DtlsRecords() {
    }

    /**
     * True if some record of the datagram with a non-zero epoch (so: encrypted) carries fewer than
     * {@code minEncryptedLength} bytes. Truncated trailing records are left to BC, which drops them.
     */
    static boolean hasUndersizedEncryptedRecord(byte[] data, int off, int len, int minEncryptedLength) {
        int pos = off;
        int end = off + len;
        while (end - pos >= HEADER_LENGTH) {
            int epoch = ((data[pos + 3] & 0xff) << 8) | (data[pos + 4] & 0xff);
            int length = ((data[pos + 11] & 0xff) << 8) | (data[pos + 12] & 0xff);
            if (epoch != 0 && length < minEncryptedLength) {
                return true;
            }
            pos += HEADER_LENGTH + length;
        }
        return false;
    }
}
