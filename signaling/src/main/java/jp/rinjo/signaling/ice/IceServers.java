package jp.rinjo.signaling.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jp.rinjo.signaling.config.SignalingConfig;
import jp.rinjo.signaling.protocol.ServerMessage;

/**
 * The STUN/TURN list a browser gets. TURN credentials follow the TURN REST API scheme that coturn
 * implements with {@code use-auth-secret}: username {@code <expiry epoch seconds>:<participant>},
 * password base64(HMAC-SHA1(secret, username)). Nothing is stored; coturn recomputes it.
 */
public final class IceServers {
    private final SignalingConfig.Ice config;

    public IceServers(SignalingConfig.Ice config) {
        this.config = config;
    }

    public List<ServerMessage.IceServer> forParticipant(String participant, Instant now) {
        List<ServerMessage.IceServer> out = new ArrayList<>();
        if (!config.stunUrls().isEmpty()) {
            out.add(new ServerMessage.IceServer(config.stunUrls(), null, null));
        }
        if (!config.turnUrls().isEmpty() && config.turnSecret().isPresent()) {
            String username = now.plus(config.turnTtl()).getEpochSecond() + ":" + participant;
            out.add(new ServerMessage.IceServer(config.turnUrls(), username, credential(config.turnSecret().get(), username)));
        }
        return out;
    }

    static String credential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
