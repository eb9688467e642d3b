package jp.rinjo.media.transport.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deliberately naive, JDK-only model of RFC 3711 (AES-CM key derivation §4.3, AES-CM encryption
 * §4.1.1, HMAC-SHA1 authentication §4.2) used to cross-check jitsi-srtp through {@link SrtpSession}.
 * Test code only: no replay protection, ROC fixed by the caller.
 */
final class Rfc3711Reference {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;

    private Rfc3711Reference() {
    }

    /** RFC 3711 §4.3.1 with key_derivation_rate 0: x = (label || 0^48) XOR master_salt, keystream from AES-CM(IV = x * 2^16). */
    static byte[] deriveSessionKey(byte[] masterKey, byte[] masterSalt, int label, int length) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, 14);
        iv[7] ^= (byte) label; // label sits 48 bits from the right of the 112-bit salt
        return aesCtr(masterKey, iv, new byte[length]);
    }

    /** SRTP protect for AES128_CM_HMAC_SHA1_80 with the given ROC (RFC 3711 §3.1, §4.1.1, §4.2). */
    static byte[] protect(byte[] masterKey, byte[] masterSalt, byte[] rtp, int roc) throws GeneralSecurityException {
        byte[] encKey = deriveSessionKey(masterKey, masterSalt, LABEL_RTP_ENCRYPTION, 16);
        byte[] authKey = deriveSessionKey(masterKey, masterSalt, LABEL_RTP_AUTH, 20);
        byte[] salt = deriveSessionKey(masterKey, masterSalt, LABEL_RTP_SALT, 14);

        int seq = ((rtp[2] & 0xff) << 8) | (rtp[3] & 0xff);
        long index = ((long) roc << 16) | seq;
        byte[] iv = new byte[16];
        System.arraycopy(salt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= rtp[8 + i]; // SSRC * 2^64
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (8 * (5 - i))); // index * 2^16
        }
        byte[] payload = Arrays.copyOfRange(rtp, 12, rtp.length);
        byte[] out = Arrays.copyOf(rtp, rtp.length + 10);
        System.arraycopy(aesCtr(encKey, iv, payload), 0, out, 12, payload.length);

        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(authKey, "HmacSHA1"));
        mac.update(out, 0, rtp.length);
        mac.update(new byte[] {(byte) (roc >>> 24), (byte) (roc >>> 16), (byte) (roc >>> 8), (byte) roc});
        System.arraycopy(mac.doFinal(), 0, out, rtp.length, 10);
        return out;
    }

    private static byte[] aesCtr(byte[] key, byte[] iv, byte[] data) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return aes.doFinal(data);
    }
}
