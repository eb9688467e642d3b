package jp.rinjo.media.transport.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtlsRecordsTest {
    private static byte[] record(int contentType, int epoch, int bodyLength) {
        byte[] r = new byte[13 + bodyLength];
        r[0] = (byte) contentType;
        r[1] = (byte) 0xfe;
        r[2] = (byte) 0xfd;
        r[4] = (byte) epoch;
        r[11] = (byte) (bodyLength >> 8);
        r[12] = (byte) bodyLength;
        return r;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void encryptedRecordsShorterThanTheAeadOverheadAreFlagged() {
        assertThat(DtlsRecords.hasUndersizedEncryptedRecord(record(23, 1, 23), 0, 36, 24)).isTrue();
        assertThat(DtlsRecords.hasUndersizedEncryptedRecord(record(23, 1, 24), 0, 37, 24)).isFalse();
        assertThat(DtlsRecords.hasUndersizedEncryptedRecord(record(21, 1, 18), 0, 31, 16)).isFalse();
    }

    @Test
    void epochZeroRecordsAreNeverFlagged() {
        assertThat(DtlsRecords.hasUndersizedEncryptedRecord(record(22, 0, 2), 0, 15, 24)).isFalse();
    }

    @Test
    void everyRecordOfADatagramIsChecked() {
        byte[] datagram = concat(record(22, 0, 40), record(23, 1, 5));
        assertThat(DtlsRecords.hasUndersizedEncryptedRecord(datagram, 0, datagram.length, 24)).isTrue();
        byte[] shifted = concat(new byte[7], datagram);
        assertThat(DtlsRecords.hasUndersizedEncryptedRecord(shifted, 7, datagram.length, 24)).isTrue();
    }

    @Test
    void truncatedTailsAreLeftToBouncyCastle() {
        byte[] r = record(23, 1, 100);
        assertThat(DtlsRecords.hasUndersizedEncryptedRecord(r, 0, 50, 24)).isFalse();
        assertThat(DtlsRecords.hasUndersizedEncryptedRecord(r, 0, 5, 24)).isFalse();
    }
}
