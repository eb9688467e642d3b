package jp.rinjo.scheduling.contract.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.rinjo.scheduling.contract.csv.CsvFileException.Problem;
import jp.rinjo.scheduling.contract.csv.CsvParser.CsvRecord;

/** Reading contracts CSV files as Excel and contract systems write them. */
class ContractCsvTest {
    static final Charset SJIS = Charset.forName("windows-31j");
    static final String HEADER = "契約番号,工事名,受注者,工事場所,工期開始日,工期終了日";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bom(String s) {
        byte[] body = utf8(s);
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    static List<List<String>> cells(String text) {
        return CsvParser.parse(text).stream().map(CsvRecord::cells).toList();
    }

    static Problem problemOf(byte[] bytes) {
        try {
            ContractCsv.read(bytes);
        } catch (CsvFileException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.problem();
        }
        throw new AssertionError("read without a problem");
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() {
        assertThat(cells("\"株式会社 臨場建設, 本店\",\"「市道\"\"1号\"\"線」\",\"1行目\r\n2行目\",plain\r\n"))
                .containsExactly(List.of("株式会社 臨場建設, 本店", "「市道\"1号\"線」", "1行目\n2行目", "plain"));
        // Excel's leniency: a quote inside an unquoted field is a character; empty fields stay fields
        assertThat(cells("a\"b,,\"\"\n")).containsExactly(List.of("a\"b", "", ""));
        assertThat(cells("x,y")).containsExactly(List.of("x", "y"));
    }

    @Test
    void rowsAreNumberedAsExcelShowsThemWhateverTheLineEnds() {
        List<CsvRecord> records = CsvParser.parse("h1,h2\r\n\r\n\"two\nlines\",b\nc,d\re,f\r\n");
        assertThat(records).extracting(CsvRecord::row).containsExactly(1, 2, 3, 4, 5);
        assertThat(records.get(1).isBlank()).isTrue();
        assertThat(records.get(2).cells()).containsExactly("two\nlines", "b");
        assertThat(records.get(4).cells()).containsExactly("e", "f");
        assertThatThrownBy(() -> CsvParser.parse("h\n\"open,\nnever closed\n")).isInstanceOfSatisfying(CsvFileException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.UNTERMINATED_QUOTE);
            assertThat(e.getMessage()).startsWith("2行目");
        });
    }

    @Test
    void utf8WithAndWithoutBomAndShiftJisAreReadAlike() {
        String text = HEADER + "\r\nＲ８道路第１号,市道①号線（髙橋町）舗装工事,㈱臨場建設,臨場市,2026/4/1,2027/3/31\r\n";
        for (byte[] bytes : List.of(bom(text), utf8(text), text.getBytes(SJIS))) {
            ContractCsv.Sheet sheet = ContractCsv.read(bytes);
            assertThat(sheet.rows()).hasSize(1);
            ContractCsv.Row row = sheet.rows().get(0);
            assertThat(row.row()).isEqualTo(2);
            assertThat(row.get(ContractField.NO)).isEqualTo("Ｒ８道路第１号");
            assertThat(row.get(ContractField.NAME)).isEqualTo("市道①号線（髙橋町）舗装工事");
            assertThat(row.get(ContractField.CONTRACTOR)).isEqualTo("㈱臨場建設");
        }
        assertThat(ContractCsv.read(bom(text)).encoding()).isEqualTo("UTF-8");
        assertThat(ContractCsv.read(utf8(text)).encoding()).isEqualTo("UTF-8");
        assertThat(ContractCsv.read(text.getBytes(SJIS)).encoding()).isEqualTo("Shift_JIS");
        // the same bytes are not UTF-8: proof that the Shift_JIS case above was decided by the bytes
        assertThat(new String(text.getBytes(SJIS), StandardCharsets.UTF_8)).contains("\uFFFD");
    }

    @Test
    void headersAreFoundUnderTheirManyNamesInAnyOrderAndUnknownColumnsAreNamed() {
        String text = "令和8年度 工事契約一覧\n"
                + "\n"
                + "備考,工期 (至),Contract No,請負者名,工事名称,施工場所,工期（自）,所管課,\n"
                + "急ぎ,R9.3.31,R8-7,臨場建設,側溝工事,本町,2026-04-01,道路課,\n"
                + ",,,,,,,,\n"
                + "x,2027年3月31日,=\"0012\",臨場建設,護岸工事,川町,20260401,,\n";
        ContractCsv.Sheet sheet = ContractCsv.read(utf8(text));
        assertThat(sheet.headerRow()).isEqualTo(3);
        assertThat(sheet.ignoredColumns()).containsExactly("備考");
        assertThat(sheet.rows()).extracting(ContractCsv.Row::row).containsExactly(4, 6);
        ContractCsv.Row first = sheet.rows().get(0);
        assertThat(first.get(ContractField.NO)).isEqualTo("R8-7");
        assertThat(first.get(ContractField.PERIOD_END)).isEqualTo("R9.3.31");
        assertThat(first.get(ContractField.PERIOD_START)).isEqualTo("2026-04-01");
        assertThat(first.get(ContractField.DEPARTMENT)).isEqualTo("道路課");
        assertThat(sheet.rows().get(1).get(ContractField.NO)).isEqualTo("0012"); // Excel's ="0012" keeps the zeros

        // the API's English names and the form's labels
        String english = "periodEnd,periodStart,location,contractor,name,no,department\n2027-03-31,2026-04-01,本町,臨場建設,舗装工事,R8-8,\n";
        assertThat(ContractCsv.read(utf8(english)).rows().get(0).get(ContractField.NAME)).isEqualTo("舗装工事");
        String form = "契約番号,工事名,受注者,工事場所,工期（開始）,履行期限\nR8-9,n,c,l,2026/4/1,2027/3/31\n";
        assertThat(ContractCsv.read(utf8(form)).rows().get(0).get(ContractField.PERIOD_END)).isEqualTo("2027/3/31");
    }

    @Test
    void filesThatAreNotAContractsCsvAreRefusedSayingWhy() {
        assertThat(problemOf(new byte[0])).isEqualTo(Problem.EMPTY);
        assertThat(problemOf(utf8(" \r\n\r\n"))).isEqualTo(Problem.EMPTY);
        assertThat(problemOf(new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0})).isEqualTo(Problem.XLSX);
        assertThat(problemOf(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0})).isEqualTo(Problem.XLS);
        assertThat(problemOf("no,name".getBytes(StandardCharsets.UTF_16LE))).isEqualTo(Problem.BINARY); // UTF-16 without a BOM
        byte[] utf16 = "\uFEFF契約番号".getBytes(StandardCharsets.UTF_16LE);
        assertThat(problemOf(utf16)).isEqualTo(Problem.UTF16);
        assertThat(problemOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})).isEqualTo(Problem.BINARY);
        // bytes neither UTF-8 nor Windows-31J (0x82 0xFF is no Shift_JIS character)
        assertThat(problemOf(new byte[] {'a', (byte) 0x82, (byte) 0xFF, 'b'})).isEqualTo(Problem.ENCODING);
        assertThat(problemOf(utf8("{\"contracts\": []}\n"))).isEqualTo(Problem.NO_HEADER);
        assertThatThrownBy(() -> ContractCsv.read(utf8("契約番号,工事名,受注者\nR8-1,n,c\n")))
                .isInstanceOfSatisfying(CsvFileException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.MISSING_COLUMNS);
                    assertThat(e.getMessage()).contains("工事場所").contains("工期（開始）").contains("工期（終了）").doesNotContain("担当課");
                    assertThat(e.args()).containsEntry("row", "1").containsEntry("columns", "工事場所, 工期（開始）, 工期（終了）");
                });
        assertThatThrownBy(() -> ContractCsv.read(utf8(HEADER + ",工期（終了）\n")))
                .isInstanceOfSatisfying(CsvFileException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.REPEATED_COLUMN);
                    assertThat(e.getMessage()).contains("F列").contains("G列");
                    assertThat(e.args()).containsEntry("column", "工期（終了）").containsEntry("first", "F").containsEntry("second", "G");
                });
    }

    @Test
    void datesAsExcelAndMunicipalDocumentsWriteThem() {
        LocalDate d = LocalDate.of(2026, 4, 1);
        for (String s : List.of("2026/4/1", "2026/04/01", "2026-04-01", "2026.4.1", "20260401", "2026年4月1日", "２０２６／４／１",
                "2026/4/1 0:00", "令和8年4月1日", "R8.4.1", "r8/4/1", " 令和 8 年 4 月 1 日 ")) {
            assertThat(CsvDates.parse(s)).as(s).contains(d);
        }
        assertThat(CsvDates.parse("令和元年5月1日")).contains(LocalDate.of(2019, 5, 1));
        assertThat(CsvDates.parse("H31.4.30")).contains(LocalDate.of(2019, 4, 30));
        for (String s : List.of("2026/2/30", "4/1/2026", "46113", "未定", "2026/4", "")) {
            assertThat(CsvDates.parse(s)).as(s).isEmpty();
        }
    }

    @Test
    void theTemplateOpensInExcelAndReadsBackWithEveryField() {
        byte[] template = ContractCsv.template();
        assertThat(template).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(template, StandardCharsets.UTF_8);
        assertThat(text).contains("\r\n").doesNotContain("\n\n");
        ContractCsv.Sheet sheet = ContractCsv.read(template);
        assertThat(sheet.ignoredColumns()).isEmpty();
        assertThat(sheet.rows()).hasSize(1);
        for (ContractField f : ContractField.values()) {
            assertThat(f.required() ? sheet.rows().get(0).get(f) : "x").as(f.label()).isNotEmpty();
        }
        assertThat(CsvDates.parse(sheet.rows().get(0).get(ContractField.PERIOD_START))).isPresent();
    }
}
