package jp.rinjo.media.recording.format;

/** Reasons are free text from many sources; stored ones stay one printable line of bounded size. */
final class Text {
    static final int MAX_REASON_CHARS = 500;

    private Text() {
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_REASON_CHARS));
        s.codePoints().limit(MAX_REASON_CHARS).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return sb.toString();
    }
}
