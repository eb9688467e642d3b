package jp.rinjo.archive.evidence;

import java.time.Instant;

import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.common.time.Jst;

/** The README of an evidence package, in Japanese and English: what it holds and how to verify it offline. */
public final class PackageReadme {
    private PackageReadme() {
    }

    public static String text(RecordingEntry e, EvidencePackage.Plan plan, Instant exportedAt, String exportedBy, boolean keyIncluded) {
        String f = plan.folder();
        // in the commands: paths from where the ZIP was unzipped, the folder quoted if the shell would split it
        String q = shellWord(f);
        String key = keyIncluded ? q + "/" + EvidencePackage.PUBLIC_KEY : "<公開鍵 / public key>.pem";
        return """
                臨場 Rinjo — 遠隔臨場の証拠パッケージ / Remote-attendance evidence package
                ========================================================================

                契約番号 / Contract no.      : %s
                工事名 / Project             : %s
                受注者 / Contractor          : %s
                担当課 / Department          : %s
                検査種別 / Inspection        : %s (%s)
                記録 / Recorded              : %s – %s
                セッション / Session         : %s
                manifest.json SHA-256        : %s
                署名鍵 / Signing key id      : %s
                時刻認証 / RFC 3161 time-stamp: %s
                出力 / Exported              : %s, %s

                ■ 内容
                  %s/manifest.json    録画全体の目録（全セグメントの SHA-256 とハッシュ連鎖、参加者、欠落区間）
                  %s/manifest.sig     manifest.json への Ed25519 署名（64 バイト）
                  %s/manifest.tsr     manifest.json への RFC 3161 タイムスタンプ（設定時のみ）
                  %s/tracks/          受信した RTP パケットそのままの記録（セグメント）。これが証拠本体です
                  %s/renditions/      再生用の MP4/WebM。派生データで、ハッシュは renditions.json にあります
                  %s/%s  この配備の署名公開鍵（参考。信頼の根拠には発注機関が公表した鍵を使ってください）
                  %s/EVIDENCE.md      証拠の仕様（ハッシュ連鎖・目録・署名・タイムスタンプと、検証が確かめる項目）
                  %s/FORMAT.md        セグメントファイルの形式の仕様

                ■ オフラインでの検証
                  1. この ZIP を臨場のフォルダ（rinjo スクリプトのある場所）で展開します（フォルダ %s ができます）。
                  2. そのまま同じ場所で、臨場の verify コマンドで検証します:
                       ./rinjo verify %s --key %s
                     臨場のソースがない場合は、配布 JAR のある場所で展開して:
                       java -cp "rinjo-standalone.jar:lib/*" jp.rinjo.media.recording.verify.VerifyMain %s --key %s
                     タイムスタンプ局の証明書があれば --tsa-cert tsa.pem を、タイムスタンプを必須とするなら
                     --require-timestamp を加えます。
                  3. 終了コード 0 と「VERIFIED」の表示で、全セグメントが存在し改変されておらず、ハッシュ連鎖・署名
                     （・タイムスタンプ）が正しいことが確認できます。1 の場合は問題の箇所が 1 行ずつ表示されます。
                  署名は OpenSSL でも確認できます:
                       openssl pkeyutl -verify -pubin -inkey %s -rawin -in %s/manifest.json -sigfile %s/manifest.sig
                       openssl ts -reply -in %s/manifest.tsr -text
                  --key に渡す公開鍵の鍵 ID（SHA-256）が上記の署名鍵 ID と一致することを確認してください。
                  検証コマンドはこのパッケージには含まれていません。臨場のソース（モジュール media-recorder のクラス
                  jp.rinjo.media.recording.verify.VerifyMain、./rinjo verify）にあり、公開された配布 JAR はありません。
                  検証の手順はすべて同梱の EVIDENCE.md と FORMAT.md に書かれているため、それだけから独自の検証を行うこともできます。

                ■ Contents
                  manifest.json   the recording's inventory: every segment's SHA-256 and hash-chain link, participants, gaps
                  manifest.sig    Ed25519 signature of manifest.json (64 raw bytes)
                  manifest.tsr    RFC 3161 time-stamp response over SHA-256(manifest.json), when a TSA was configured
                  tracks/         the RTP packets exactly as received, in segments: the evidence itself
                  renditions/     playable MP4/WebM copies, derived data; their hashes are in renditions.json
                  %s  this deployment's signing public key (for reference: trust the key the department publishes)
                  EVIDENCE.md     the evidence specification: hash chain, manifest, signature, time-stamp, what verify checks
                  FORMAT.md       the segment file format specification

                ■ Verifying offline
                  1. Unzip this file in Rinjo's folder, where the rinjo script is (it makes the folder %s).
                  2. From there, run Rinjo's verify command:
                       ./rinjo verify %s --key %s
                     or, with the released JAR only, unzipped where the JAR is:
                       java -cp "rinjo-standalone.jar:lib/*" jp.rinjo.media.recording.verify.VerifyMain %s --key %s
                     Add --tsa-cert tsa.pem with the time-stamping authority's certificate, and --require-timestamp
                     to make a missing time-stamp an error.
                  3. Exit status 0 and "VERIFIED" mean every segment is present and unaltered and the chain, the
                     signature (and the time-stamp) are valid; status 1 lists each problem on its own line.
                  Check that the key id (SHA-256) of the key you pass with --key is the signing key id above.
                  The verifier is not in this package: it is the verify command of Rinjo's source (class
                  jp.rinjo.media.recording.verify.VerifyMain in the module media-recorder, run by ./rinjo verify); there is
                  no published release JAR. EVIDENCE.md and FORMAT.md, in this folder, specify everything it checks, so the
                  evidence can also be checked with a verifier written from them alone.
                """.formatted(e.contract().no().value(), e.contract().name(), e.contract().contractor(), e.contract().department(),
                e.inspection().type().label(), e.inspection().type().name(), Jst.display(e.recordedFrom()), Jst.display(e.recordedTo()),
                e.sessionId().value(), e.evidence().manifestSha256(), e.evidence().signingKeyId(),
                e.evidence().timestamped() ? "あり / yes (manifest.tsr)" : "なし / none", Jst.display(exportedAt), exportedBy,
                f, f, f, f, f, f, EvidencePackage.PUBLIC_KEY, f, f, f, q, key, q, key, key, q, q, q,
                EvidencePackage.PUBLIC_KEY, f, q, key, q, key);
    }

    /** The path as one shell word: as it is when the shell would not split or expand it, else in single quotes. */
    static String shellWord(String path) {
        if (path.matches("[\\p{L}\\p{N}._+,:=@%/-]+")) {
            return path;
        }
        return "'" + path.replace("'", "'\\''") + "'";
    }
}
