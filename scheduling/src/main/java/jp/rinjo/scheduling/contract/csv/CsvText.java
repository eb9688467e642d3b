package jp.rinjo.scheduling.contract.csv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jp.rinjo.scheduling.contract.csv.CsvFileException.Problem;

/**
 * The text of a CSV file as a municipal PC writes one: Excel's 「CSV UTF-8」 (with a byte-order mark),
 * a contract system's UTF-8 without one, or Excel's plain 「CSV」, which on a Japanese Windows is
 * Shift_JIS as Windows extends it (Windows-31J: ①, ㈱, 髙 and the NEC/IBM kanji). Files carry no
 * label, so the bytes decide: a BOM or bytes that are valid UTF-8 are UTF-8 (Japanese Shift_JIS text
 * is practically never valid UTF-8), anything else must decode as Windows-31J.
 */
public final class CsvText {
    public static final String UTF_8 = "UTF-8";
    public static final String SHIFT_JIS = "Shift_JIS";
    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    /** @param encoding {@link #UTF_8} or {@link #SHIFT_JIS}, as the page names it to the user */
    public record Decoded(String text, String encoding) {
    }

    private CsvText() {
    }

    public static Decoded decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new CsvFileException(Problem.EMPTY, "ファイルが空です。");
        }
        rejectNonText(bytes);
        String text;
        String encoding;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            text = strict(StandardCharsets.UTF_8, bytes, 3);
            encoding = UTF_8;
        } else if ((text = strict(StandardCharsets.UTF_8, bytes, 0)) != null) {
            encoding = UTF_8;
        } else {
            text = strict(WINDOWS_31J, bytes, 0);
            encoding = SHIFT_JIS;
        }
        if (text == null) {
            throw new CsvFileException(Problem.ENCODING, "文字コードを読み取れません。UTF-8 か Shift_JIS の CSV にしてください"
                    + "（Excel では「名前を付けて保存」で「CSV UTF-8（コンマ区切り）」を選びます）。");
        }
        // control characters other than tab and line breaks: binary data that happened to decode
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F)) {
            throw notText();
        }
        if (text.isBlank()) {
            throw new CsvFileException(Problem.EMPTY, "ファイルに何も書かれていません。");
        }
        return new Decoded(text, encoding);
    }

    /** Files people choose by mistake, named so they know what to do instead. */
    private static void rejectNonText(byte[] b) {
        if (startsWith(b, 'P', 'K', 3, 4)) {
            throw new CsvFileException(Problem.XLSX, "Excel ブック（.xlsx）は読み込めません。Excel で「名前を付けて保存」を選び、"
                    + "ファイルの種類を「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」にして保存したファイルを選んでください。");
        }
        if (startsWith(b, 0xD0, 0xCF, 0x11, 0xE0)) {
            throw new CsvFileException(Problem.XLS, "Excel 97-2003 ブック（.xls）は読み込めません。Excel で CSV として保存したファイルを選んでください。");
        }
        if (startsWith(b, 0xFF, 0xFE) || startsWith(b, 0xFE, 0xFF)) {
            throw new CsvFileException(Problem.UTF16, "UTF-16 のテキスト（Excel の「Unicode テキスト」）は読み込めません。"
                    + "「CSV UTF-8（コンマ区切り）」で保存してください。");
        }
        for (byte x : b) {
            if (x == 0) {
                throw notText();
            }
        }
    }

    private static CsvFileException notText() {
        return new CsvFileException(Problem.BINARY, "CSV ファイルではありません（文字ではないデータが含まれています）。"
                + "契約の一覧を CSV 形式で保存したファイルを選んでください。");
    }

    private static String strict(Charset charset, byte[] bytes, int offset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
