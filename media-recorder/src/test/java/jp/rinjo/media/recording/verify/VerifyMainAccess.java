package jp.rinjo.media.recording.verify;

import java.io.PrintStream;

/** Test access to the command's entry point without {@code System.exit}. */
public final class VerifyMainAccess {
    private VerifyMainAccess() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return VerifyMain.run(args, out, err);
    }
}
