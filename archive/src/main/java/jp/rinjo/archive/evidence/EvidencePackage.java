package jp.rinjo.archive.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.store.StoredObject;

/**
 * The evidence package of one recording: a ZIP with one folder holding every object of the
 * session (raw segments, manifest, signature, time-stamp, renditions), a README in Japanese and
 * English on verifying it offline, the public key that signed it, the TSA certificate the archive
 * trusts (when one is set), and the specifications of the evidence (EVIDENCE.md) and of the segment
 * files (FORMAT.md), and the verify command itself ({@link PackagedVerifier}). Written as a stream, one
 * object at a time through a 64 KiB buffer: never held in memory, whatever its size. Media is
 * stored without compression (it does not compress), text is deflated.
 */
public final class EvidencePackage {
    public static final String README = "README.txt";
    public static final String PUBLIC_KEY = "deployment-key.pub.pem";
    /** The TSA certificate the archive trusts ({@code archive.trusted-tsa-cert}), when one is set. */
    public static final String TSA_CERT = "trusted-tsa-cert.pem";
    /** The specifications, as built from the files beside their code: the package is readable without the source. */
    public static final String EVIDENCE_SPEC = "EVIDENCE.md";
    public static final String FORMAT_SPEC = "FORMAT.md";
    private static final String EVIDENCE_SPEC_RESOURCE = "/jp/rinjo/media/recording/evidence/EVIDENCE.md";
    private static final String FORMAT_SPEC_RESOURCE = "/jp/rinjo/media/recording/format/FORMAT.md";

    /** Called as bytes of evidence are written: for the export's progress. */
    @FunctionalInterface
    public interface Progress {
        void advanced(long bytesDone, int objectsDone);
    }

    /**
     * What a package will hold.
     *
     * @param folder     the folder name inside the ZIP (also what the README tells to verify)
     * @param totalBytes the evidence objects' bytes (what progress counts up to; the ZIP adds a little)
     */
    public record Plan(String folder, List<StoredObject> objects, long totalBytes) {
    }

    private EvidencePackage() {
    }

    public static Plan plan(EvidenceStore store, RecordingEntry e) throws IOException {
        List<StoredObject> objects = store.list(e.evidence().objectPrefix() + "/");
        if (objects.stream().noneMatch(o -> o.key().endsWith("/" + ObjectKeys.MANIFEST))) {
            throw new IOException("the evidence store has no manifest for " + e.sessionId() + " under " + e.evidence().objectPrefix());
        }
        String folder = "rinjo-" + e.contract().no().value() + "-" + e.sessionId().value();
        return new Plan(folder, objects, objects.stream().mapToLong(StoredObject::size).sum());
    }

    public static void write(OutputStream out, EvidenceStore store, RecordingEntry e, Plan plan, String readme,
                             Optional<String> publicKeyPem, Optional<String> tsaCertPem, Progress progress) throws IOException {
        FileTime sealed = FileTime.from(e.evidence().sealedAt());
        String prefix = e.evidence().objectPrefix() + "/";
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.setComment("Rinjo evidence package: " + e.contract().no().value() + " " + e.sessionId().value());
        text(zip, plan.folder() + "/" + README, readme, sealed);
        if (publicKeyPem.isPresent()) {
            text(zip, plan.folder() + "/" + PUBLIC_KEY, publicKeyPem.get(), sealed);
        }
        if (tsaCertPem.isPresent()) {
            text(zip, plan.folder() + "/" + TSA_CERT, tsaCertPem.get(), sealed);
        }
        text(zip, plan.folder() + "/" + EVIDENCE_SPEC, spec(EVIDENCE_SPEC_RESOURCE), sealed);
        text(zip, plan.folder() + "/" + FORMAT_SPEC, spec(FORMAT_SPEC_RESOURCE), sealed);
        PackagedVerifier.write(zip, plan.folder(), sealed);
        byte[] buffer = new byte[64 * 1024];
        long done = 0;
        int objects = 0;
        for (StoredObject o : plan.objects()) {
            String relative = ObjectKeys.validate(o.key().substring(prefix.length()));
            zip.setLevel(compresses(relative) ? Deflater.BEST_SPEED : Deflater.NO_COMPRESSION);
            ZipEntry entry = new ZipEntry(plan.folder() + "/" + relative);
            entry.setLastModifiedTime(sealed);
            zip.putNextEntry(entry);
            try (InputStream in = store.open(o.key())) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    zip.write(buffer, 0, n);
                    done += n;
                    progress.advanced(done, objects);
                }
            }
            zip.closeEntry();
            progress.advanced(done, ++objects);
        }
        zip.finish();
        zip.flush();
    }

    /** A specification from the classpath; missing only from a broken build, which must not export without it. */
    static String spec(String resource) throws IOException {
        try (InputStream in = EvidencePackage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the specification " + resource + " is not on the classpath (media-recorder built without it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean compresses(String path) {
        return path.endsWith(".json") || path.endsWith(".txt") || path.endsWith(".pem");
    }

    private static void text(ZipOutputStream zip, String name, String content, FileTime time) throws IOException {
        zip.setLevel(Deflater.BEST_SPEED);
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(time);
        zip.putNextEntry(entry);
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
