package jp.rinjo.media.recording.evidence;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment public keys trusted to have signed manifests: the current key and every key it
 * replaced. A manifest is checked against the key it names, when that key is in the ring; a key that
 * was rotated out stays here, so what it signed still verifies. Keys are named by their key id
 * ({@link DeploymentKey#keyIdOf}).
 *
 * <p>A key may say when it was retired: a line {@code Retired: 2026-11-27T10:00:00+09:00} beside its
 * PEM block (outside it), for every key of that file. A retired key signs nothing new, so a manifest
 * it signed is trusted only as far as a time-stamp shows it was signed before then: after a leak, a
 * thief holding the old key could sign any manifest and date it as they like, but not its time-stamp.
 */
public final class KeyRing {
    /** {@code Retired: <ISO 8601 date-time with offset>}, on a line of its own outside the PEM blocks. */
    private static final Pattern RETIRED = Pattern.compile("(?im)^\\s*Retired:\\s*(\\S+)\\s*$");
    private static final KeyRing EMPTY = new KeyRing(Map.of(), Map.of(), false);
    private final Map<String, byte[]> byId;
    private final Map<String, Instant> retiredAt;
    /** Whether every key is a retired one: then none is the current key, although all still verify. */
    private final boolean retiredOnly;

    private KeyRing(Map<String, byte[]> byId, Map<String, Instant> retiredAt, boolean retiredOnly) {
        this.byId = byId;
        this.retiredAt = retiredAt;
        this.retiredOnly = retiredOnly;
    }

    public static KeyRing empty() {
        return EMPTY;
    }

    /** From SubjectPublicKeyInfo DERs; a key given twice is kept once. */
    public static KeyRing of(List<byte[]> spkis) {
        return of(spkis, Optional.empty());
    }

    private static KeyRing of(List<byte[]> spkis, Optional<Instant> retired) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        Map<String, Instant> retiredAt = new LinkedHashMap<>();
        for (byte[] k : spkis) {
            String id = DeploymentKey.keyIdOf(k);
            keys.putIfAbsent(id, k.clone());
            retired.ifPresent(at -> retiredAt.putIfAbsent(id, at));
        }
        return new KeyRing(Collections.unmodifiableMap(keys), Collections.unmodifiableMap(retiredAt), false);
    }

    /** Every PUBLIC KEY block of a PEM text (one file may hold the whole ring), retired when the text says when. */
    public static KeyRing fromPem(String text, Object source) throws IOException {
        Matcher m = RETIRED.matcher(text);
        Optional<Instant> retired = Optional.empty();
        if (m.find()) {
            try {
                retired = Optional.of(OffsetDateTime.parse(m.group(1)).toInstant());
            } catch (DateTimeParseException e) {
                throw new IOException(source + ": \"Retired: " + m.group(1) + "\" is not a date-time with its offset, such as "
                        + "2026-11-27T10:00:00+09:00 or 2026-11-27T01:00:00Z");
            }
        }
        return of(DeploymentKey.pemDecodeAll(text, "PUBLIC KEY", source), retired);
    }

    /** Both rings' keys; a key retired in either is retired, at the earlier time if both say. */
    public KeyRing with(KeyRing other) {
        Map<String, byte[]> keys = new LinkedHashMap<>(byId);
        other.byId.forEach(keys::putIfAbsent);
        Map<String, Instant> retired = new LinkedHashMap<>(retiredAt);
        other.retiredAt.forEach((id, at) -> retired.merge(id, at, (a, b) -> a.isBefore(b) ? a : b));
        return new KeyRing(Collections.unmodifiableMap(keys), Collections.unmodifiableMap(retired), false);
    }

    /**
     * These keys, the current one first, and then the keys they replaced: those still verify what they
     * signed but never become the current key, even when this ring is empty (no current key configured).
     */
    public KeyRing withRetired(KeyRing retired) {
        KeyRing all = with(retired);
        return new KeyRing(all.byId, all.retiredAt, isEmpty() || retiredOnly);
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

    /** When the key with this id was retired, if its file said. */
    public Optional<Instant> retiredAt(String keyId) {
        return Optional.ofNullable(retiredAt.get(keyId));
    }

    /**
     * The key with this id as a PEM file's text, if trusted, with its {@code Retired:} line when retired:
     * what an export of a manifest it signed carries.
     */
    public Optional<String> pem(String keyId) {
        return Optional.ofNullable(byId.get(keyId)).map(k -> retiredAt(keyId).map(at -> "Retired: " + at + "\n").orElse("")
                + DeploymentKey.pem("PUBLIC KEY", k));
    }
}
