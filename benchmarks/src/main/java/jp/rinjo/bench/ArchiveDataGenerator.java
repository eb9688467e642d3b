package jp.rinjo.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import jp.rinjo.common.text.SearchText;
import jp.rinjo.common.time.Jst;
import jp.rinjo.scheduling.jdbc.Database;

/**
 * Fills the archive's index with realistic data for the search benchmark: a prefecture's ten years
 * of public works — 5 土木事務所 × 4 課 = 20 departments, 20 inspectors each, contracts named as
 * departments name them (市道桜町12号線 舗装補修工事（その2）, 一級河川青葉川 護岸工事 …) and numbered
 * R5北道第123号, each with remote inspections spread over its works period on working hours,
 * inserted in the order they would have been sealed. Deterministic for a seed. Writes straight into
 * the tables with batched inserts (the per-row upsert is what a seal does, one at a time).
 */
final class ArchiveDataGenerator {
    static final String[] OFFICES = {"北部", "南部", "東部", "西部", "中央"};
    static final String[] SECTIONS = {"道路課", "河川課", "下水道課", "公園緑地課"};
    static final String[][] WORKS = {
        {"舗装補修工事", "道路改良工事", "側溝改良工事", "橋梁耐震補強工事", "舗装打換工事", "交差点改良工事", "歩道整備工事", "法面対策工事"},
        {"護岸工事", "河道掘削工事", "堤防強化工事", "樋門改修工事", "排水機場改修工事", "護床工事"},
        {"管渠更生工事", "汚水管布設工事", "雨水幹線整備工事", "マンホール改築工事", "ポンプ場更新工事"},
        {"遊具更新工事", "園路整備工事", "公園整備工事", "植栽工事", "トイレ改築工事"}};
    static final String[] PLACES = {"本町", "中央", "桜町", "緑ヶ丘", "旭町", "東雲", "港町", "栄町", "若葉台", "青葉", "高砂", "寿町",
        "大手町", "宮前", "山手", "川端", "新田", "西原", "北野", "南台", "柳町", "松原", "竹ノ内", "梅田", "清水", "石川", "福田",
        "大久保", "上野", "下町", "本郷", "平和", "日吉", "美原", "富士見", "朝日", "春日", "昭和", "明神", "天神"};
    static final String[] SURNAMES = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
        "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "前田", "藤田"};
    static final String[] GIVEN = {"太郎", "次郎", "健一", "誠", "浩", "直樹", "花子", "美咲", "陽子", "大輔", "翔太", "さくら"};
    static final int INSPECTORS_PER_DEPARTMENT = 20;

    record Contract(String no, String name, String contractor, String department, int departmentIndex, LocalDate start, LocalDate end) {
    }

    private final Random random;
    final List<Contract> contracts;

    ArchiveDataGenerator(int contractCount, long seed) {
        this.random = new Random(seed);
        Contract[] cs = new Contract[contractCount];
        int[] seqPerOfficeYear = new int[OFFICES.length * SECTIONS.length * 12];
        for (int i = 0; i < contractCount; i++) {
            int d = random.nextInt(OFFICES.length * SECTIONS.length);
            int section = d % SECTIONS.length;
            LocalDate start = LocalDate.of(2016, 4, 1).plusDays(random.nextInt(10 * 365));
            LocalDate end = start.plusDays(90 + random.nextInt(300));
            int fiscal = start.getMonthValue() >= 4 ? start.getYear() : start.getYear() - 1;
            int seq = ++seqPerOfficeYear[d * 12 + (fiscal - 2015)];
            String era = fiscal >= 2019 ? "R" + (fiscal - 2018) : "H" + (fiscal - 1988);
            String no = era + OFFICES[d / SECTIONS.length].charAt(0) + SECTIONS[section].charAt(0) + "第" + seq + "号";
            cs[i] = new Contract(no, name(section), contractor(), OFFICES[d / SECTIONS.length] + "土木事務所 " + SECTIONS[section], d, start, end);
        }
        this.contracts = List.of(cs);
    }

    private String name(int section) {
        String place = PLACES[random.nextInt(PLACES.length)];
        String where = switch (section) {
            case 0 -> random.nextBoolean() ? "市道" + place + (1 + random.nextInt(60)) + "号線" : "県道" + place + "線";
            case 1 -> (random.nextBoolean() ? "一級河川" : "準用河川") + place + "川";
            case 2 -> random.nextBoolean() ? place + "処理分区" : place + (1 + random.nextInt(9)) + "丁目地内";
            default -> place + (random.nextBoolean() ? "公園" : "緑地");
        };
        String work = WORKS[section][random.nextInt(WORKS[section].length)];
        return where + " " + work + (random.nextInt(4) == 0 ? "（その" + (2 + random.nextInt(4)) + "）" : "");
    }

    private String contractor() {
        String s = SURNAMES[random.nextInt(SURNAMES.length)];
        return switch (random.nextInt(4)) {
            case 0 -> "株式会社" + s + "建設";
            case 1 -> s + "土木株式会社";
            case 2 -> "株式会社" + s + "組";
            default -> "有限会社" + s + "工業";
        };
    }

    static String inspectorId(int department, int n) {
        return "usr_" + String.format("%020d", department * 100 + n);
    }

    /** Inserts the contracts, then {@code recordings} index rows in seal order; prints progress. */
    void fill(Database db, int recordings) throws SQLException {
        Instant now = Instant.now();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO contracts (contract_no, name, contractor, department, period_start, "
                    + "period_end, location, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (Contract k : contracts) {
                    Instant registered = k.start().minusDays(20).atStartOfDay(Jst.ZONE).toInstant(); // as registered years ago
                    Object[] v = {k.no(), k.name(), k.contractor(), k.department(), k.start(), k.end(), "臨場県", utc(registered), utc(registered)};
                    for (int i = 0; i < v.length; i++) {
                        ps.setObject(i + 1, v[i]);
                    }
                    ps.addBatch();
                    if (++n % 2000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
            // each recording: a contract, then a working-hours moment in its period; all sorted by time
            long[] keys = new long[recordings];
            for (int i = 0; i < recordings; i++) {
                int k = random.nextInt(contracts.size());
                Contract ct = contracts.get(k);
                long days = ct.end().toEpochDay() - ct.start().toEpochDay();
                LocalDate day = ct.start().plusDays(random.nextInt((int) days + 1));
                Instant at = day.atTime(LocalTime.of(9, 0).plusMinutes(random.nextInt(8 * 60))).atZone(Jst.ZONE).toInstant();
                keys[i] = (at.getEpochSecond() / 60) << 20 | k; // minutes since the epoch fit in 44 bits; contract index in 20
            }
            Arrays.sort(keys);
            insertRecordings(c, keys, now);
        }
    }

    private void insertRecordings(Connection c, long[] keys, Instant now) throws SQLException {
        String[] types = {"STAGE_CHECK", "STAGE_CHECK", "STAGE_CHECK", "STAGE_CHECK", "STAGE_CHECK", "MATERIAL_CHECK", "MATERIAL_CHECK",
            "WITNESS", "WITNESS", "COMPLETION"};
        HexFormat hex = HexFormat.of();
        long t0 = System.nanoTime();
        try (PreparedStatement narrow = c.prepareStatement("INSERT INTO archive_recordings (session_id, contract_no, department, search_text, "
                + "inspection_type, inspector_id, recorded_from, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement wide = c.prepareStatement("INSERT INTO archive_recording_details (session_id, contract_name, contractor, "
                     + "inspector_name, place, result_kind, window_start, window_end, recorded_to, size_bytes, tracks, segments, gaps, markers, "
                     + "stills, participants, renditions, object_prefix, manifest_sha256, signing_key_id, timestamped, sealed_at, integrity, "
                     + "integrity_at, integrity_detail, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            byte[] sha = new byte[32];
            for (int i = 0; i < keys.length; i++) {
                Contract k = contracts.get((int) (keys[i] & 0xFFFFF));
                Instant from = Instant.ofEpochSecond((keys[i] >>> 20) * 60 + random.nextInt(60));
                long durationMs = (5 * 60 + random.nextInt(85 * 60)) * 1000L + random.nextInt(1000);
                Instant to = from.plusMillis(durationMs);
                String session = jp.rinjo.common.id.Ids.random("ses");
                int inspector = random.nextInt(INSPECTORS_PER_DEPARTMENT);
                String type = types[random.nextInt(types.length)];
                bind(narrow, session, k.no(), k.department(), SearchText.ofContract(k.no(), k.name()), type,
                        inspectorId(k.departmentIndex(), inspector), utc(from), durationMs);
                narrow.addBatch();
                random.nextBytes(sha);
                String prefix = "contracts/" + k.no() + "/sessions/" + session;
                String par = "par_" + session.substring(4);
                String participants = "[{\"id\":\"" + par + "1\",\"displayName\":\"現場代理人 " + SURNAMES[i % SURNAMES.length]
                        + "\",\"role\":\"CONTRACTOR\"},{\"id\":\"" + par + "2\",\"displayName\":\"監督員 " + SURNAMES[(i / 7) % SURNAMES.length]
                        + "\",\"role\":\"INSPECTOR\"}]";
                String renditions = "[{\"participantId\":\"" + par + "1\",\"key\":\"" + prefix + "/renditions/" + par + "1.mp4\",\"sha256\":\""
                        + hex.formatHex(sha) + "\",\"size\":" + durationMs * 125 + ",\"container\":\"mp4\",\"width\":1280,\"height\":720,"
                        + "\"durationMicros\":" + durationMs * 1000 + ",\"startWallMicros\":" + from.toEpochMilli() * 1000 + "}]";
                int verified = random.nextInt(10);
                bind(wide, session, k.name(), k.contractor(), "監督 " + SURNAMES[inspector % SURNAMES.length] + GIVEN[inspector % GIVEN.length],
                        PLACES[i % PLACES.length] + "地内", "PASS", utc(from.minusSeconds(600)), utc(from.plusSeconds(7200)), utc(to),
                        durationMs * 160, 4, (int) (durationMs / 2000) * 4, random.nextInt(20) == 0 ? 1 : 0, random.nextInt(4), random.nextInt(6),
                        participants, renditions, prefix, hex.formatHex(sha), "ab".repeat(32), true, utc(to.plusSeconds(5)),
                        verified == 0 ? "OK" : "UNVERIFIED", verified == 0 ? utc(to.plusSeconds(86_400)) : null,
                        verified == 0 ? "1000 of 1000 segments verified" : null, utc(now));
                wide.addBatch();
                if ((i + 1) % 2000 == 0 || i == keys.length - 1) {
                    narrow.executeBatch();
                    wide.executeBatch();
                    c.commit();
                }
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf("  %,d recordings (%.0f s)%n", i + 1, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setObject(i + 1, values[i]);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
