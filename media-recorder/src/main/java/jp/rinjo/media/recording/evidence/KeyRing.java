package jp.rinjo.media.recording.evidence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment public keys trusted to have signed manifests: the current key and every key it
 * replaced. A manifest is checked against the key it names, when that key is in the ring; a key that
 * was rotated out stays here, so what it signed still verifies. Keys are named by their key id
 * ({@link DeploymentKey#keyIdOf}).
 */
public final class KeyRing {
    private static final KeyRing EMPTY = new KeyRing(Map.of(), false);
    private final Map<String, byte[]> byId;
    /** Whether every key is a retired one: then none is the current key, although all still verify. */
    private final boolean retiredOnly;

    private KeyRing(Map<String, byte[]> byId, boolean retiredOnly) {
        this.byId = byId;
        this.retiredOnly = retiredOnly;
    }

    public static KeyRing empty() {
        return EMPTY;
    }

    /** From SubjectPublicKeyInfo DERs; a key given twice is kept once. */
    public static KeyRing of(List<byte[]> spkis) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        spkis.forEach(k -> keys.putIfAbsent(DeploymentKey.keyIdOf(k), k.clone()));
        return new KeyRing(Collections.unmodifiableMap(keys), false);
    }

    /** Every PUBLIC KEY block of a PEM text (one file may hold the whole ring). */
    public static KeyRing fromPem(String text, Object source) throws IOException {
        return of(DeploymentKey.pemDecodeAll(text, "PUBLIC KEY", source));
    }

    public KeyRing with(KeyRing other) {
        List<byte[]> all = new ArrayList<>(byId.values());
        all.addAll(other.byId.values());
        return of(all);
    }

    /**
     * These keys, the current one first, and then the keys they replaced: those still verify what they
     * signed but never become the current key, even when this ring is empty (no current key configured).
     */
    public KeyRing withRetired(KeyRing retired) {
        KeyRing all = with(retired);
        return new KeyRing(all.byId, isEmpty() || retiredOnly);
    }

    /** The key new manifests are signed with: the first of the ring, unless the ring holds retired keys only. */
    public Optional<String> currentKeyId() {
        return retiredOnly ? Optional.empty() : byId.keySet().stream().findFirst();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public List<String> keyIds() {
        return List.copyOf(byId.keySet());
    }

    /** The key with this id (SubjectPublicKeyInfo DER), if trusted. */
    public Optional<byte[]> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId)).map(byte[]::clone);
    }

    /** The key with this id as a PEM file's text, if trusted: what an export of a manifest it signed carries. */
    public Optional<String> pem(String keyId) {
        return Optional.ofNullable(byId.get(keyId)).map(k -> DeploymentKey.pem("PUBLIC KEY", k));
    }
}
