package jp.rinjo.media.sdp;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * An SDP that cannot be parsed or negotiated. Unchecked, under the project's one exception root
 * with {@link ErrorCode#VALIDATION_FAILED}: a bad offer is the remote side's fault, never a node
 * failure.
 *
 * <p>Messages name the offending line by number and quote it clipped to {@value #MAX_QUOTE}
 * characters, with control characters escaped (the text comes from the network and ends up in
 * logs) and {@code a=ice-pwd} values redacted (DESIGN.md §7 rule 6: no passwords in messages).
 */
public final class SdpException extends RinjoException {
    private static final long serialVersionUID = 1L;

    static final int MAX_QUOTE = 80;

    private final int lineNumber;

    /** A problem with the description as a whole (no single line to blame). */
    public SdpException(String message) {
        super(ErrorCode.VALIDATION_FAILED, message);
        this.lineNumber = -1;
    }

    /** A problem with one line; {@code lineNumber} counts from 1. */
    public SdpException(String message, int lineNumber, String line) {
        super(ErrorCode.VALIDATION_FAILED, message + " (line " + lineNumber + ": \"" + quote(line) + "\")");
        this.lineNumber = lineNumber;
    }

    /** The 1-based line the problem was found on, or -1 when it concerns the whole description. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The line as it may appear in a message: password redacted, escaped, clipped. */
    static String quote(String line) {
        if (line == null) {
            return "";
        }
        String s = line.startsWith("a=ice-pwd") ? "a=ice-pwd:<redacted>" : line;
        StringBuilder sb = new StringBuilder(MAX_QUOTE + 8);
        for (int i = 0; i < s.length() && sb.length() <= MAX_QUOTE; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() > MAX_QUOTE) {
            sb.setLength(MAX_QUOTE - 3);
            sb.append("...");
        }
        return sb.toString();
    }
}
