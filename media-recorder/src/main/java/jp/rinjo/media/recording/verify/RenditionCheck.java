package jp.rinjo.media.recording.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.verify.Finding.Code;

/**
 * The playable renditions in {@code renditions/}: copies remuxed from the segments after the seal,
 * listed with their SHA-256 and size in {@code renditions/renditions.json}, which is not signed. Each
 * listed file present is checked against its entry, so a copy altered or replaced since it was made
 * is named; a match shows only that the copy is the one listed there, not that it shows the evidence.
 * Either way the signed evidence (manifest and segments) is what the other checks verify.
 */
final class RenditionCheck {
    static final String FOLDER = "renditions";
    static final String INDEX = FOLDER + "/renditions.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RenditionCheck() {
    }

    static void check(Path folder, Sha256 manifestSha256, Findings f) throws IOException {
        Path dir = folder.resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return;
        }
        f.info(Code.RENDITIONS_UNSIGNED, FOLDER, "renditions are derived for viewing after the seal and are not signed (nor is renditions.json): "
                + "the evidence is the segment chain the manifest lists");
        Path indexFile = folder.resolve(INDEX);
        Set<String> listed = new HashSet<>();
        listed.add("renditions.json");
        if (!Files.isRegularFile(indexFile)) {
            f.warning(Code.RENDITION_INDEX_MISSING, INDEX, "renditions.json missing: nothing says which renditions were made, so none is checked");
        } else {
            JsonNode index;
            try {
                index = JSON.readTree(Files.readAllBytes(indexFile));
            } catch (IOException e) {
                f.error(Code.RENDITION_INDEX_UNREADABLE, INDEX, "renditions.json is not JSON (" + e.getMessage() + "); the signed evidence is not affected");
                return;
            }
            String derivedFrom = index.path("derivedFromManifestSha256").asText();
            if (!derivedFrom.equals(manifestSha256.hex())) {
                f.error(Code.RENDITION_INDEX_OTHER_MANIFEST, INDEX, "renditions.json says its renditions derive from the manifest with "
                        + "SHA-256 " + derivedFrom + ", not this one (" + manifestSha256.hex() + "): they are not the playable copies made at "
                        + "seal; the signed evidence is not affected");
            }
            for (JsonNode r : index.path("renditions")) {
                String key = r.path("key").asText();
                String name = key.substring(key.lastIndexOf('/') + 1);
                listed.add(name);
                checkOne(dir, name, r, f);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                if (!listed.contains(p.getFileName().toString())) {
                    f.warning(Code.RENDITION_UNLISTED, FOLDER + "/" + p.getFileName(), "not listed in renditions.json: nothing says where it "
                            + "came from", Finding.params("file", p.getFileName().toString()));
                }
            }
        }
    }

    private static void checkOne(Path dir, String name, JsonNode entry, Findings f) throws IOException {
        String subject = FOLDER + "/" + name;
        Path file = name.isEmpty() || name.equals(".") || name.equals("..") ? null : dir.resolve(name);
        if (file == null || !Files.isRegularFile(file)) {
            f.info(Code.RENDITION_ABSENT, subject, "listed in renditions.json, not in the folder", Finding.params("file", name));
            return;
        }
        String expected = entry.path("sha256").asText();
        long size = Files.size(file);
        String actual = Sha256.ofFile(file).hex();
        if (!actual.equals(expected) || size != entry.path("size").asLong(-1)) {
            f.error(Code.RENDITION_ALTERED, subject, "not the playable copy made at seal: SHA-256 " + actual + " and " + size + " bytes, "
                    + "renditions.json lists " + expected + " and " + entry.path("size").asText() + " bytes; the copy was altered or replaced. "
                    + "The signed evidence (manifest and segments) is not affected: make a new rendition from it", params(name, entry));
        } else {
            f.info(Code.RENDITION_OK, subject, "the rendition listed in renditions.json (SHA-256 " + actual.substring(0, 16) + "…, " + size
                    + " bytes)", params(name, entry));
        }
    }

    /** The file, and whose video it is when renditions.json says so (a page names the person). */
    private static java.util.Map<String, String> params(String name, JsonNode entry) {
        return Finding.params("file", name, "participant", entry.path("participantId").isTextual() ? entry.path("participantId").asText() : null);
    }
}
