package jp.rinjo.media.recording.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.rinjo.media.recording.verify.Finding.Code;

/**
 * An exported package names its recording outside the signature: its folder
 * ({@code rinjo-<契約番号>-<session id>}) and its README.txt ({@code 契約番号 … : …},
 * {@code セッション … : …}). Another genuine recording of the same deployment put in their place
 * verifies, so a package that names another contract or session than its signed manifest is
 * flagged, naming both.
 */
final class PackageIdentity {
    static final String README = "README.txt";
    private static final Pattern FOLDER = Pattern.compile("rinjo-(.+)-(ses_[0-9a-z]+)");

    private PackageIdentity() {
    }

    static void check(Path folder, String signedSession, Optional<String> signedContract, Findings f) throws IOException {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        Matcher m = FOLDER.matcher(name == null ? "" : name.toString());
        if (m.matches()) {
            compare("folder " + Messages.printable(name.toString()), Optional.of(m.group(1)), Optional.of(m.group(2)), signedSession,
                    signedContract, f);
        }
        Path readme = folder.resolve(README);
        if (Files.isRegularFile(readme)) {
            String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
            compare(README, value(text, "契約番号"), value(text, "セッション"), signedSession, signedContract, f);
        }
    }

    private static void compare(String where, Optional<String> contract, Optional<String> session, String signedSession,
                                Optional<String> signedContract, Findings f) {
        boolean otherSession = session.isPresent() && !session.get().equals(signedSession);
        boolean otherContract = contract.isPresent() && signedContract.isPresent() && !contract.get().equals(signedContract.get());
        if (otherSession || otherContract) {
            f.warning(Code.PACKAGE_NAMES_OTHER, where, "names contract " + contract.map(Messages::printable).orElse("(none)") + ", session "
                    + session.map(Messages::printable).orElse("(none)") + "; the signed manifest is of contract "
                    + signedContract.map(Messages::printable).orElse("(not named)") + ", session " + Messages.printable(signedSession)
                    + ": what verified is that recording, not the one the package describes", Finding.params("contractNo",
                    contract.orElse(null), "session", session.orElse(null), "signedContractNo", signedContract.orElse(null),
                    "signedSession", signedSession));
        }
    }

    /** The value of the README line whose label starts with {@code label} ({@code 契約番号 / Contract no. : R8道路第12号}). */
    private static Optional<String> value(String text, String label) {
        for (String line : text.split("\n")) {
            String l = line.strip();
            int colon = l.indexOf(':');
            if (l.startsWith(label) && colon > 0) {
                String v = l.substring(colon + 1).strip();
                return v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
