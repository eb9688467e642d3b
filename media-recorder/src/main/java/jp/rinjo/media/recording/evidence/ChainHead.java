package jp.rinjo.media.recording.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import jp.rinjo.media.recording.format.Sha256;

/**
 * Each track has its own chain (its segments are written one after another by one writer); the
 * session's head binds all track heads: SHA-256 of {@code "rinjo-session-chain-v1\n"} followed by
 * {@code trackId=headHex\n} for every track in track id order.
 */
public final class ChainHead {
    private ChainHead() {
    }

    public static Sha256 session(Map<String, Sha256> trackHeads) {
        StringBuilder sb = new StringBuilder("rinjo-session-chain-v1\n");
        new TreeMap<>(trackHeads).forEach((track, head) -> sb.append(track).append('=').append(head.hex()).append('\n'));
        return Sha256.digest(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
