package jp.rinjo.archive.evidence;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The verify command carried in every evidence package ({@code verifier/rinjo-verify.jar}, run with
 * {@code java -jar}): an auditor years later needs a Java runtime, not Rinjo's source and a build.
 * It is the running archive's own verifier, taken from its classpath as it is: a launcher JAR whose
 * manifest names the main class and the libraries beside it in {@code verifier/lib/}. Like the
 * package's key, it can be replaced by whoever alters the package, and the README says so.
 */
public final class PackagedVerifier {
    public static final String DIR = "verifier";
    public static final String LAUNCHER = DIR + "/rinjo-verify.jar";
    static final String MAIN_CLASS = "jp.rinjo.media.recording.verify.VerifyMain";

    /**
     * One class of each library the verify command loads: the command itself (media-recorder),
     * rinjo-common, Jackson (manifest JSON), BouncyCastle (keys, the RFC 3161 token and its CMS
     * signature). A library missing here fails the packaged command, which a test runs.
     */
    private static final List<String> ANCHORS = List.of(MAIN_CLASS, "jp.rinjo.common.id.TrackId",
            "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonInclude", "org.bouncycastle.crypto.params.Ed25519PublicKeyParameters",
            "org.bouncycastle.asn1.tsp.TimeStampResp", "org.bouncycastle.tsp.TimeStampToken");

    private PackagedVerifier() {
    }

    /** Writes {@code folder/verifier/…} into the package. */
    static void write(ZipOutputStream zip, String folder, FileTime time) throws IOException {
        Map<String, Path> libraries = libraries();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, MAIN_CLASS);
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                String.join(" ", libraries.keySet().stream().map(n -> "lib/" + n).toList()));
        zip.setLevel(Deflater.BEST_SPEED);
        entry(zip, folder + "/" + LAUNCHER, time);
        try (JarOutputStream launcher = new JarOutputStream(unclosable(zip), manifest)) {
            launcher.finish();
        }
        zip.closeEntry();
        zip.setLevel(Deflater.NO_COMPRESSION); // JARs are compressed already
        for (Map.Entry<String, Path> lib : libraries.entrySet()) {
            entry(zip, folder + "/" + DIR + "/lib/" + lib.getKey(), time);
            if (Files.isDirectory(lib.getValue())) {
                jarOf(lib.getValue(), zip, time);
            } else {
                Files.copy(lib.getValue(), zip);
            }
            zip.closeEntry();
        }
    }

    /** File name in {@code lib/} → where it is loaded from (a JAR, or a build's classes folder). */
    static Map<String, Path> libraries() throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String anchor : ANCHORS) {
            Path source = codeSource(anchor);
            String name = Files.isDirectory(source)
                    // target/classes of a module built in place (tests, a run from the source tree)
                    ? source.getParent().getParent().getFileName() + "-classes.jar"
                    : source.getFileName().toString();
            out.putIfAbsent(name, source);
        }
        return out;
    }

    private static Path codeSource(String className) throws IOException {
        try {
            Class<?> c = Class.forName(className, false, PackagedVerifier.class.getClassLoader());
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException | NullPointerException e) {
            throw new IOException("cannot find the verifier's library holding " + className + " on the classpath: " + e, e);
        }
    }

    private static void jarOf(Path classes, OutputStream out, FileTime time) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (ZipOutputStream jar = new ZipOutputStream(unclosable(out))) {
            for (Path f : files) {
                ZipEntry e = new ZipEntry(classes.relativize(f).toString().replace('\\', '/'));
                e.setLastModifiedTime(time);
                jar.putNextEntry(e);
                Files.copy(f, jar);
                jar.closeEntry();
            }
            jar.finish();
        }
    }

    private static void entry(ZipOutputStream zip, String name, FileTime time) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(time);
        zip.putNextEntry(e);
    }

    /** The package's stream, which a nested JAR's close must leave open. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
