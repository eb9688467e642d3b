package jp.rinjo.scheduling.contract.csv;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A column of the contracts CSV: the fields of the contract form, under the names the template uses,
 * the API's English names, and the names departments' own lists and contract systems use for them
 * (工期（至）, 履行期限, 請負者 …). Names are compared without width, case, spaces, brackets and marks,
 * so 「工期 (終了)」, 「工期（終了）」 and 「工期終了*」 are one name.
 */
public enum ContractField {
    NO("no", "契約番号", true, 40, "契約番号", "契約no", "契約ナンバー", "contractno", "contractnumber"),
    NAME("name", "工事名", true, 200, "工事名", "工事名称", "工事件名", "件名", "契約件名", "契約名", "contractname"),
    CONTRACTOR("contractor", "受注者", true, 200, "受注者", "受注者名", "受注業者", "請負者", "請負者名", "契約相手方", "契約の相手方",
            "相手方", "業者名"),
    LOCATION("location", "工事場所", true, 200, "工事場所", "施工場所", "履行場所", "場所"),
    PERIOD_START("periodStart", "工期（開始）", true, 0, "工期開始", "工期開始日", "工期始期", "工期自", "工期から", "着工日",
            "履行期間開始", "契約期間開始", "開始日", "start"),
    PERIOD_END("periodEnd", "工期（終了）", true, 0, "工期終了", "工期終了日", "工期終期", "工期至", "工期まで", "履行期限",
            "完成期限", "竣工期限", "履行期間終了", "契約期間終了", "終了日", "end"),
    /** Optional: blank is the importer's own department, as in the form. */
    DEPARTMENT("department", "担当課", false, 100, "担当課", "所管課", "担当部署", "担当", "課名");

    private final String key;
    private final String label;
    private final boolean required;
    private final int maxLength;
    private final List<String> names;

    ContractField(String key, String label, boolean required, int maxLength, String... aliases) {
        this.key = key;
        this.label = label;
        this.required = required;
        this.maxLength = maxLength;
        this.names = java.util.stream.Stream.concat(java.util.stream.Stream.of(key), java.util.Arrays.stream(aliases))
                .map(ContractField::headerForm).toList();
    }

    /** The API's name for the field, also what the page keys its labels by. */
    public String key() {
        return key;
    }

    /** The Japanese name the form shows, used in messages. */
    public String label() {
        return label;
    }

    public boolean required() {
        return required;
    }

    /** Characters at most (text fields; 0 for dates). */
    public int maxLength() {
        return maxLength;
    }

    /** The field a header cell names, if any. */
    public static Optional<ContractField> named(String header) {
        String form = headerForm(header);
        for (ContractField f : values()) {
            if (f.names.contains(form)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    static String headerForm(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return Ignored.MARKS.matcher(n).replaceAll("");
    }

    /** Its own class: the constants are built before an enum's static fields are. */
    private static final class Ignored {
        static final Pattern MARKS = Pattern.compile("[\\s()\\[\\]{}<>【】「」『』〔〕・:;*※#＊.,_\\-/]+");
    }
}
