package jp.rinjo.media.recording.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.media.recording.evidence.CanonicalJson;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.EvidenceJson;
import jp.rinjo.media.recording.evidence.KeyRing;
import jp.rinjo.media.recording.evidence.Manifest;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.RecordedTrack;
import jp.rinjo.media.recording.evidence.TimestampCheck;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.verify.Finding.Code;

/**
 * Verifies an exported session folder ({@code manifest.json}, {@code manifest.sig},
 * {@code manifest.tsr}, {@code tracks/…}, {@code stills/…}) offline: the manifest's signature, its time-stamp, every
 * segment's SHA-256, structure and chain link, and the chain heads; every listed still's size and SHA-256; and that the (unsigned, derived)
 * renditions present are those {@code renditions.json} lists. Reports every problem found, each
 * saying exactly what is wrong; gaps and interruptions are reported as facts, not errors.
 */
public final class Verifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param trustedKeys      the deployment's public keys, current and rotated out; the manifest must be signed by
     *                         one of them. Empty: the signature is checked against the key the manifest names (a
     *                         warning says so)
     * @param tsaTrust         the TSA certificates (or their CAs') to build the token's certification path to,
     *                         and intermediates; none: the token is checked against the certificate it carries
     * @param requireTimestamp a missing time-stamp is an error, not a remark
     */
    public record Options(KeyRing trustedKeys, TimestampCheck.TsaTrust tsaTrust, boolean requireTimestamp) {
        /** With one trusted key (SubjectPublicKeyInfo DER), or none. */
        public Options(Optional<byte[]> trustedKeySpki, TimestampCheck.TsaTrust tsaTrust, boolean requireTimestamp) {
            this(ring(trustedKeySpki), tsaTrust, requireTimestamp);
        }

        public Options(KeyRing trustedKeys, Optional<X509Certificate> trustedTsa, boolean requireTimestamp) {
            this(trustedKeys, TimestampCheck.TsaTrust.of(trustedTsa), requireTimestamp);
        }

        public Options(Optional<byte[]> trustedKeySpki, Optional<X509Certificate> trustedTsa, boolean requireTimestamp) {
            this(ring(trustedKeySpki), TimestampCheck.TsaTrust.of(trustedTsa), requireTimestamp);
        }

        private static KeyRing ring(Optional<byte[]> key) {
            return key.map(k -> KeyRing.of(List.of(k))).orElse(KeyRing.empty());
        }

        public static Options defaults() {
            return new Options(KeyRing.empty(), TimestampCheck.TsaTrust.none(), false);
        }
    }

    private final Options options;

    public Verifier(Options options) {
        this.options = options;
    }

    /**
     * Never throws for what the folder holds: a check that fails unexpectedly (a forged manifest this
     * verifier did not foresee) becomes an ERROR after the findings made so far, the signature's included.
     *
     * @throws IOException only when the folder cannot be read
     */
    public VerificationReport verify(Path folder) throws IOException {
        Findings f = new Findings();
        try {
            return verify(folder, f);
        } catch (RuntimeException e) {
            f.error(Code.VERIFIER_STOPPED, "verifier", "verification stopped by an unexpected error (" + e + "): the findings above were made, "
                    + "the rest was not checked");
            return new VerificationReport(f.all(), 0, 0, 0);
        }
    }

    private VerificationReport verify(Path folder, Findings f) throws IOException {
        Path manifestFile = folder.resolve(ObjectKeys.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            f.error(Code.MANIFEST_MISSING, ObjectKeys.MANIFEST, "manifest.json missing: " + folder + " is not an exported session");
            return new VerificationReport(f.all(), 0, 0, 0);
        }
        byte[] manifest = Files.readAllBytes(manifestFile);
        JsonNode root;
        try {
            root = JSON.readTree(manifest);
        } catch (IOException e) {
            f.error(Code.MANIFEST_NOT_JSON, ObjectKeys.MANIFEST, "manifest.json is not JSON: " + e.getMessage());
            checkSignature(folder, manifest, null, f);
            return new VerificationReport(f.all(), 0, 0, 0);
        }
        if (!Manifest.FORMAT.equals(root.path("format").asText())) {
            f.error(Code.MANIFEST_FORMAT_UNKNOWN, ObjectKeys.MANIFEST, "unknown manifest format '" + root.path("format").asText() + "' (this verifier reads "
                    + Manifest.FORMAT + ")", Finding.params("format", root.path("format").asText()));
            return new VerificationReport(f.all(), 0, 0, 0);
        }
        checkCanonical(manifest, root, f);
        Optional<String> trustedKey = checkSignature(folder, manifest, root, f);
        Optional<java.time.Instant> stamped = checkTimestamp(folder, manifest, root, f);
        trustedKey.ifPresent(keyId -> checkRetirement(keyId, stamped, f));
        // signed statements of what went wrong while recording or sealing: facts an auditor must read
        root.path("problems").forEach(p -> f.info(Code.SEALED_PROBLEM, ObjectKeys.MANIFEST, "stated when sealed: " + p.asText(),
                Finding.params("problem", p.asText())));
        List<RecordedTrack> tracks = new ArrayList<>();
        List<RecordedSegment> segments = new ArrayList<>();
        Map<String, Sha256> statedHeads = new HashMap<>();
        try {
            root.path("tracks").forEach(t -> {
                tracks.add(EvidenceJson.track(t));
                statedHeads.put(EvidenceJson.text(t, "id"), EvidenceJson.sha(t, "chainHead"));
            });
            root.path("segments").forEach(s -> segments.add(EvidenceJson.segment(s)));
        } catch (IllegalArgumentException e) {
            f.error(Code.MANIFEST_ENTRY_MALFORMED, ObjectKeys.MANIFEST, "manifest.json lists a track or segment malformed: " + e.getMessage());
            return new VerificationReport(f.all(), tracks.size(), segments.size(), 0);
        }
        String sessionId = root.path("session").path("id").asText();
        ChainVerifier chain = new ChainVerifier(folder, sessionId, f);
        Sha256 head = chain.verify(tracks, segments, statedHeads);
        String statedHead = root.path("chain").path("head").asText();
        if (!head.hex().equals(statedHead)) {
            f.error(Code.CHAIN_HEAD_MISMATCH, "chain", "the session chain head computes to " + head + ", the manifest states " + statedHead);
        }
        checkGapList(root, segments, f);
        RenditionCheck.check(folder, Sha256.digest(manifest), f);
        long packets = segments.stream().mapToLong(s -> s.rtpPackets() + s.rtcpPackets()).sum();
        f.info(Code.SESSION_SUMMARY, "session", "session " + sessionId + ": " + tracks.size() + " tracks, " + segments.size() + " segments ("
                + chain.verified() + " verified), " + packets + " packets, chain head " + head, Finding.params("tracks", tracks.size(),
                "segments", segments.size(), "verified", chain.verified(), "packets", packets));
        PackageIdentity.check(folder, sessionId, SignedSummary.contractNo(root), f);
        SignedSummary.report(root, segments, Sha256.digest(manifest), f);
        StillCheck.check(folder, root, f);
        f.nameParticipants(SignedSummary.participantNames(root));
        return new VerificationReport(f.all(), tracks.size(), segments.size(), chain.verified());
    }

    /** The signed bytes should be the canonical form of what they say; a manifest written otherwise was not made by Rinjo. */
    private static void checkCanonical(byte[] manifest, JsonNode root, Findings f) {
        try {
            Object tree = JSON.convertValue(root, Object.class);
            if (!Arrays.equals(CanonicalJson.bytes(tree), manifest)) {
                f.warning(Code.MANIFEST_NOT_CANONICAL, ObjectKeys.MANIFEST, "manifest.json is not in canonical form (sorted keys, no whitespace)");
            }
        } catch (IllegalArgumentException e) {
            f.warning(Code.MANIFEST_NOT_CANONICAL, ObjectKeys.MANIFEST, "manifest.json holds values outside canonical JSON: " + e.getMessage());
        }
    }

    /** The id of the trusted key that signed the manifest, when its signature verifies. */
    private Optional<String> checkSignature(Path folder, byte[] manifest, JsonNode root, Findings f) throws IOException {
        Path sigFile = folder.resolve(ObjectKeys.SIGNATURE);
        if (!Files.isRegularFile(sigFile)) {
            f.error(Code.SIGNATURE_MISSING, ObjectKeys.SIGNATURE, "manifest.sig missing: the manifest is not signed");
            return Optional.empty();
        }
        if (root == null) {
            return Optional.empty();
        }
        byte[] spki;
        try {
            spki = Base64.getDecoder().decode(EvidenceJson.text(root.path("signature"), "publicKey"));
        } catch (IllegalArgumentException e) {
            f.error(Code.SIGNING_KEY_UNUSABLE, ObjectKeys.MANIFEST, "the manifest names no usable signing key: " + e.getMessage());
            return Optional.empty();
        }
        String keyId = DeploymentKey.keyIdOf(spki);
        if (!keyId.equals(root.path("signature").path("keyId").asText())) {
            f.error(Code.SIGNING_KEY_ID_WRONG, ObjectKeys.MANIFEST, "the manifest's signing key id " + root.path("signature").path("keyId").asText()
                    + " is not the SHA-256 of its public key (" + keyId + ")", Finding.params("keyId", keyId));
        }
        if (!DeploymentKey.verify(spki, manifest, Files.readAllBytes(sigFile))) {
            // which of the two files changed cannot be told: an edited manifest and a signature from another key look alike
            f.error(Code.SIGNATURE_INVALID, ObjectKeys.SIGNATURE, "manifest.sig does not verify over manifest.json (either was altered or replaced) "
                    + "with the key the manifest names (key id " + keyId + ")", Finding.params("keyId", keyId));
            return Optional.empty();
        }
        KeyRing trusted = options.trustedKeys();
        if (!trusted.isEmpty()) {
            if (trusted.find(keyId).isEmpty()) {
                f.error(Code.SIGNATURE_KEY_UNTRUSTED, ObjectKeys.SIGNATURE, "manifest signed by key " + keyId + ", not by the deployment key"
                        + (trusted.keyIds().size() == 1 ? " " : "s ") + "given to the verifier (--key, key id"
                        + (trusted.keyIds().size() == 1 ? " " : "s ") + String.join(", ", trusted.keyIds()) + ")",
                        Finding.params("keyId", keyId, "trustedKeyIds", String.join(", ", trusted.keyIds())));
            } else {
                f.info(Code.SIGNATURE_VALID, ObjectKeys.SIGNATURE, "signature valid, by the deployment key given to the verifier (--key, key id " + keyId + ")",
                        Finding.params("keyId", keyId));
                return Optional.of(keyId);
            }
        } else {
            // the manifest names its own key, so a forger who re-signs names theirs: this proves only that the folder agrees with itself
            f.info(Code.SIGNATURE_CONSISTENT, ObjectKeys.SIGNATURE, "signature valid for the key the manifest names (key id " + keyId + ")",
                    Finding.params("keyId", keyId));
            f.warning(Code.SIGNATURE_NOT_ANCHORED, ObjectKeys.SIGNATURE, "NOT ANCHORED: who signed was not checked, and anyone can re-sign an altered manifest with a key "
                    + "of their own; give the deployment's public key, obtained from the city or the archive and not from this folder, with --key");
        }
        return Optional.empty();
    }

    /**
     * A retired key signs nothing new, and whoever holds a leaked one can sign any manifest and write
     * any date in it: only the time-stamp shows when it was signed.
     */
    private void checkRetirement(String keyId, Optional<java.time.Instant> stamped, Findings f) {
        Optional<java.time.Instant> retired = options.trustedKeys().retiredAt(keyId);
        if (retired.isEmpty()) {
            return;
        }
        java.time.Instant at = retired.get();
        String key = "key " + keyId + " was retired " + Messages.jst(at);
        if (stamped.isEmpty()) {
            f.warning(Code.KEY_RETIRED_NOT_STAMPED, ObjectKeys.SIGNATURE, "RETIRED KEY, NO TIME-STAMP: " + key + " and the manifest has no valid "
                    + "time-stamp, so nothing shows it was signed before then; if the key leaked, whoever held it could have signed this",
                    Finding.params("keyId", keyId, "retiredMicros", Messages.micros(at)));
        } else if (stamped.get().isAfter(at)) {
            f.error(Code.KEY_RETIRED_BEFORE_STAMP, ObjectKeys.SIGNATURE, "SIGNED BY A RETIRED KEY: " + key + ", and the manifest was time-stamped "
                    + Messages.jst(stamped.get()) + ", after that; a retired key signs nothing new, so whoever signed this held the old key "
                    + "(unless the time-stamp was added later to a manifest sealed before: the archive's audit log says whether)",
                    Finding.params("keyId", keyId, "retiredMicros", Messages.micros(at), "atMicros", Messages.micros(stamped.get())));
        } else {
            f.info(Code.KEY_RETIRED_AFTER_STAMP, ObjectKeys.SIGNATURE, "signed before its key's retirement: " + key + ", and the manifest was "
                    + "time-stamped " + Messages.jst(stamped.get()), Finding.params("keyId", keyId, "retiredMicros", Messages.micros(at),
                    "atMicros", Messages.micros(stamped.get())));
        }
    }

    /** The time the TSA stamped, when the token is valid. */
    private Optional<java.time.Instant> checkTimestamp(Path folder, byte[] manifest, JsonNode root, Findings f) throws IOException {
        Path tsrFile = folder.resolve(ObjectKeys.TIMESTAMP);
        JsonNode declared = root.path("timestamp");
        boolean expected = declared.isObject();
        if (!Files.isRegularFile(tsrFile)) {
            if (expected) {
                f.error(Code.TIMESTAMP_MISSING, ObjectKeys.TIMESTAMP, "manifest.tsr missing although the manifest names the TSA "
                        + declared.path("authority").asText(), Finding.params("tsa", declared.path("authority").asText()));
            } else if (options.requireTimestamp()) {
                f.error(Code.TIMESTAMP_REQUIRED, ObjectKeys.TIMESTAMP, "manifest.tsr missing: the manifest is not time-stamped");
            } else {
                f.info(Code.TIMESTAMP_NONE, ObjectKeys.TIMESTAMP, "not time-stamped: the manifest says no TSA was configured when it was sealed");
            }
            return Optional.empty();
        }
        try {
            TimestampCheck.Info info = TimestampCheck.verify(Files.readAllBytes(tsrFile), manifest, options.tsaTrust());
            // the TSA's stated accuracy (usually a second) is far inside SealTime's two minutes for the clocks' difference
            Long accuracyMicros = info.accuracy().map(a -> a.toNanos() / 1000).orElse(null);
            f.info(Code.TIMESTAMPED, ObjectKeys.TIMESTAMP, "time-stamped " + Messages.jst(info.genTime())
                    + (accuracyMicros != null ? " ± " + Messages.accuracy(accuracyMicros) : "") + " by " + info.tsaCertificateSubject()
                    + " (serial " + info.serial() + ")" + SealTime.besideStampedTime(root), Finding.params("atMicros",
                    Messages.micros(info.genTime()), "tsa", info.tsaCertificateSubject(), "serial", info.serial(), "accuracyMicros", accuracyMicros));
            SealTime.check(root, info.genTime(), f);
            if (!options.tsaTrust().anchored()) {
                f.warning(Code.TSA_NOT_ANCHORED, ObjectKeys.TIMESTAMP, "TSA NOT ANCHORED: the token is consistent with the certificate it carries, which anyone "
                        + "can make; give the TSA's certificate, obtained independently, with --tsa-cert");
            }
            return Optional.of(info.genTime());
        } catch (TimestampCheck.Failure e) {
            f.error(Code.TIMESTAMP_INVALID, ObjectKeys.TIMESTAMP, "manifest.tsr: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The manifest's list of gaps and interruptions must be exactly those in the segments (whose
     * entries are checked against the files): the archive's timeline draws this list.
     */
    private static void checkGapList(JsonNode root, List<RecordedSegment> segments, Findings f) {
        List<Object> recorded = Manifest.gaps(segments);
        List<Object> listed = new ArrayList<>();
        root.path("gaps").forEach(g -> listed.add(JSON.convertValue(g, Object.class)));
        if (listed.size() != recorded.size()) {
            f.error(Code.GAP_LIST_COUNT, ObjectKeys.MANIFEST, "the manifest lists " + listed.size() + " gaps and interruptions, its segments record "
                    + recorded.size(), Finding.params("listed", listed.size(), "recorded", recorded.size()));
            return;
        }
        for (int i = 0; i < listed.size(); i++) {
            Map<?, ?> says = listed.get(i) instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> is = (Map<?, ?>) recorded.get(i);
            List<String> differ = new ArrayList<>();
            java.util.SortedSet<String> keys = new java.util.TreeSet<>();
            says.keySet().forEach(k -> keys.add(String.valueOf(k)));
            is.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                if (!canonical(says.get(k)).equals(canonical(is.get(k)))) {
                    differ.add(Messages.printable(k) + " " + shown(says.get(k)) + " where the segments record " + shown(is.get(k)));
                }
            }
            if (!differ.isEmpty()) {
                f.error(Code.GAP_LIST_DIFFERS, ObjectKeys.MANIFEST, "the manifest's gaps entry " + i + " differs from its segments' GAP and "
                        + "INTERRUPTION records: " + String.join("; ", differ), Finding.params("entry", i));
            }
        }
    }

    private static String shown(Object value) {
        return value instanceof String s ? Messages.printable(s) : Messages.printable(canonical(value));
    }

    private static String canonical(Object value) {
        try {
            return CanonicalJson.string(value);
        } catch (IllegalArgumentException e) { // a float or an integer out of range: not what the recorder writes
            return String.valueOf(value);
        }
    }
}
