package jp.rinjo.media.recording;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import jp.rinjo.common.image.Jpeg;
import jp.rinjo.common.time.Jst;
import jp.rinjo.media.recording.evidence.RecordedStill;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.StoredObject;

/**
 * The remote stills a seal from the store can list. The lost node's spool journal said who took each
 * still and when; the scheduling database says it too (signaling describes each still it accepted), so
 * a still it describes whose JPEG is in the store is listed, with the size and SHA-256 of the stored
 * bytes: those are what the signature must cover, whatever the database expected. Every disagreement
 * is said in the manifest's problems: a JPEG the database describes otherwise, a described still whose
 * JPEG never reached the store, and a JPEG nobody describes (kept, unsigned).
 */
final class StoredStills {
    private StoredStills() {
    }

    /** @param stills in the manifest's order; {@code problems} for the manifest */
    record Listed(List<RecordedStill> stills, List<String> problems) {
    }

    /**
     * @param objects   everything stored below {@code prefix}
     * @param described the session's stills as the scheduling database describes them, in the order taken
     */
    static Listed list(EvidenceStore store, String prefix, List<StoredObject> objects, List<RecordedStill> described) throws IOException {
        TreeSet<String> unlisted = new TreeSet<>(objects.stream().map(o -> o.key().substring(prefix.length() + 1))
                .filter(k -> k.startsWith("stills/")).toList());
        List<RecordedStill> listed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RecordedStill d : described) {
            if (!unlisted.remove(d.path())) {
                missing.add(d.id() + " (received " + Jst.preciseMicros(d.receivedWallMicros()) + " from " + d.participant() + ")");
                continue;
            }
            byte[] jpeg;
            try (InputStream in = store.open(prefix + "/" + d.path())) {
                jpeg = in.readAllBytes();
            }
            Sha256 sha = Sha256.digest(jpeg);
            Optional<Jpeg.Size> size = Jpeg.size(jpeg);
            listed.add(new RecordedStill(d.id(), sha, jpeg.length, d.receivedWallMicros(), d.phoneCapturedAt(), d.participant(), d.role(),
                    size.map(Jpeg.Size::width), size.map(Jpeg.Size::height), d.request()));
            if (!sha.equals(d.sha256()) || jpeg.length != d.bytes()) {
                problems.add("still " + d.id() + " in the evidence store (" + jpeg.length + " bytes, SHA-256 " + sha.hex()
                        + ") is not the one the scheduling database describes (" + d.bytes() + " bytes, SHA-256 " + d.sha256().hex()
                        + "): it is listed as stored");
            }
        }
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " remote stills the scheduling database describes are not in the evidence store (the lost node"
                    + " had not uploaded them) and are not in this manifest: " + String.join(", ", missing));
        }
        if (!unlisted.isEmpty()) {
            problems.add(unlisted.size() + " remote stills are in the evidence store but not listed in this manifest, since neither the"
                    + " lost node's spool nor the scheduling database says who took each and when: " + String.join(", ", unlisted)
                    + "; they are kept as stored, unsigned");
        }
        return new Listed(listed, problems);
    }
}
