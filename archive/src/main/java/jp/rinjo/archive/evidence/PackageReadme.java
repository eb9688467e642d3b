package jp.rinjo.archive.evidence;

import java.time.Instant;

import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.common.time.Jst;

/** The README of an evidence package, in Japanese and English: what it holds and how to verify it offline. */
public final class PackageReadme {
    private PackageReadme() {
    }

    /**
     * What the auditor puts in place of this in the commands: the deployment's public key obtained independently of the
     * package. Not the package's own key: whoever re-signs an altered package replaces that key (and this README) too.
     */
    public static final String KEY_PLACEHOLDER = "<DEPLOYMENT-KEY.pem>";

    /**
     * @param tsaCertIncluded the package holds the TSA certificate the archive trusts: the command then checks the
     *                        time-stamp against it (when the recording has one; given, the verifier requires one)
     */
    public static String text(RecordingEntry e, EvidencePackage.Plan plan, Instant exportedAt, String exportedBy, boolean keyIncluded,
                              boolean tsaCertIncluded) {
        String f = plan.folder();
        // in the commands: paths from where the ZIP was unzipped, the folder quoted if the shell would split it
        String q = shellWord(f);
        boolean tsaInCommand = tsaCertIncluded && e.evidence().timestamped();
        String tsaCert = shellWord(f + "/" + EvidencePackage.TSA_CERT);
        String args = q + " --key " + KEY_PLACEHOLDER + (tsaInCommand ? " --tsa-cert " + tsaCert : "");
        return """
                臨場 Rinjo — 遠隔臨場の証拠パッケージ / Remote-attendance evidence package
                ========================================================================

                契約番号 / Contract no.      : %1$s
                工事名 / Project             : %2$s
                受注者 / Contractor          : %3$s
                担当課 / Department          : %4$s
                検査種別 / Inspection        : %5$s (%6$s)
                記録 / Recorded              : %7$s – %8$s
                セッション / Session         : %9$s
                manifest.json SHA-256        : %10$s
                署名鍵 / Signing key id      : %11$s
                時刻認証 / RFC 3161 time-stamp: %12$s
                出力 / Exported              : %13$s, %14$s
                （この README は署名されていません。上の値は参考です / This README is not signed: the values above are for reference.）

                ■ 内容
                  %15$s/manifest.json    録画全体の目録（全セグメントの SHA-256 とハッシュ連鎖、参加者、欠落区間）
                  %15$s/manifest.sig     manifest.json への Ed25519 署名（64 バイト）
                  %15$s/manifest.tsr     manifest.json への RFC 3161 タイムスタンプ（設定時のみ）
                  %15$s/tracks/          受信した RTP パケットそのままの記録（セグメント）。これが証拠本体です
                  %15$s/renditions/      再生用の MP4/WebM。派生データで、ハッシュは renditions.json にあります
                  %15$s/EVIDENCE.md      証拠の仕様（ハッシュ連鎖・目録・署名・タイムスタンプと、検証が確かめる項目）
                  %15$s/FORMAT.md        セグメントファイルの形式の仕様
                  %15$s/verifier/        検証プログラム（臨場の verify コマンドとそのライブラリ。Java 17 以降で動きます）
                %18$s%22$s
                ■ 検証に使う公開鍵（パッケージの外から入手してください）
                  検証の根拠は、このパッケージとは別に入手した配備（発注機関のシステム）の公開鍵です。入手先:
                    - 臨場のアーカイブ: 録画ページの「第三者による検証のために」に配備の公開鍵 ID（64 桁）と manifest.json の
                      SHA-256 が表示されます。鍵そのものは GET /api/archive/deployment-key（ログインが必要）が keyId と pem を
                      返すので、pem を %17$s として保存します。
                    - 発注機関（市）の担当課に、配備の公開鍵とその鍵 ID を書面等で求めます。
                  入手した鍵の鍵 ID は次で計算でき、入手先が示す ID と一致する必要があります:
                       openssl pkey -pubin -in %17$s -outform DER | sha256sum
                  パッケージ内の鍵（%19$s）で検証した結果は、パッケージが内部で矛盾していないことしか示しません。
                  改ざんした者は署名し直し、鍵もこの README も差し替えられるからです。

                ■ オフラインでの検証
                  1. この ZIP を展開します（フォルダ %15$s ができます）。
                  2. 展開した場所で、%17$s を入手した鍵のファイルに置き換えて、同梱の検証プログラムで検証します（Java 17 以降）:
                       java -jar %26$s %16$s
                     臨場のフォルダ（rinjo スクリプトのある場所）で展開した場合は、臨場の verify コマンドでも同じです:
                       ./rinjo verify %16$s
                %24$s  3. 終了コード 0 と「VERIFIED」の表示で、全セグメントが存在し改変されておらず、ハッシュ連鎖が正しく、
                     --key の鍵で署名されていることが確認できます（タイムスタンプは --tsa-cert を与えたときだけ「valid」）。
                     1 の場合は問題の箇所が 1 行ずつ表示されます。--key なしでは「CONSISTENT, NOT ANCHORED」と終了コード 3
                     になり、誰が署名したかは確認されていません。
                  署名は OpenSSL でも確認できます:
                       openssl pkeyutl -verify -pubin -inkey %17$s -rawin -in %21$s/manifest.json -sigfile %21$s/manifest.sig
                       openssl ts -reply -in %21$s/manifest.tsr -text
                  同梱の検証プログラムは、このパッケージを出力したアーカイブ自身の検証コマンド（モジュール media-recorder の
                  クラス jp.rinjo.media.recording.verify.VerifyMain）です。パッケージ内の鍵と同じく、改ざんした者は差し替え
                  られるため、疑いがあるときは別に入手した臨場のソースの ./rinjo verify で検証してください。検証の手順はすべて
                  同梱の EVIDENCE.md と FORMAT.md に書かれているため、それだけから独自の検証を行うこともできます。

                ■ Contents
                  manifest.json   the recording's inventory: every segment's SHA-256 and hash-chain link, participants, gaps
                  manifest.sig    Ed25519 signature of manifest.json (64 raw bytes)
                  manifest.tsr    RFC 3161 time-stamp response over SHA-256(manifest.json), when a TSA was configured
                  tracks/         the RTP packets exactly as received, in segments: the evidence itself
                  renditions/     playable MP4/WebM copies, derived data; their hashes are in renditions.json
                  EVIDENCE.md     the evidence specification: hash chain, manifest, signature, time-stamp, what verify checks
                  FORMAT.md       the segment file format specification
                  verifier/       the verify command: Rinjo's verifier and its libraries (runs on Java 17 or later)
                %20$s%23$s
                ■ The key to verify with (obtain it outside this package)
                  What anchors verification is the deployment's public key, obtained separately from this package, from:
                    - Rinjo's archive: the recording's page shows, under "For verification by a third party", the deployment
                      public key id (64 hex digits) and the manifest.json SHA-256. GET /api/archive/deployment-key (logged in)
                      returns the key as keyId and pem: save the pem as %17$s.
                    - the city's department in charge, asked in writing for the deployment public key and its key id.
                  Compute the key id of the key you obtained and check it is the id its source gives:
                       openssl pkey -pubin -in %17$s -outform DER | sha256sum
                  A result obtained with the key inside this package (%19$s) proves only that the package is consistent
                  in itself: whoever alters it re-signs it and replaces that key and this README too.

                ■ Verifying offline
                  1. Unzip this file (it makes the folder %15$s).
                  2. From there, with %17$s replaced by the file of the key you obtained, run the enclosed verifier
                     (Java 17 or later):
                       java -jar %26$s %16$s
                     Unzipped in Rinjo's folder, where the rinjo script is, Rinjo's verify command does the same:
                       ./rinjo verify %16$s
                %25$s  3. Exit status 0 and "VERIFIED" mean every segment is present and unaltered, the chain is valid and the
                     manifest is signed by the key given with --key (the time-stamp is called "valid" only with --tsa-cert);
                     status 1 lists each problem on its own line. Without --key the result is "CONSISTENT, NOT ANCHORED"
                     with status 3: who signed was not checked.
                  By hand, with OpenSSL:
                       openssl pkeyutl -verify -pubin -inkey %17$s -rawin -in %21$s/manifest.json -sigfile %21$s/manifest.sig
                       openssl ts -reply -in %21$s/manifest.tsr -text
                  The enclosed verifier is the verify command of the archive that exported this package (class
                  jp.rinjo.media.recording.verify.VerifyMain of the module media-recorder). Like the key inside, whoever
                  alters the package can replace it: when in doubt, verify with ./rinjo verify from Rinjo's source obtained
                  separately. EVIDENCE.md and FORMAT.md, in this folder, specify everything it checks, so the evidence can
                  also be checked with a verifier written from them alone.
                """.formatted(e.contract().no().value(), e.contract().name(), e.contract().contractor(), e.contract().department(),
                e.inspection().type().label(), e.inspection().type().name(), Jst.display(e.recordedFrom()), Jst.display(e.recordedTo()),
                e.sessionId().value(), e.evidence().manifestSha256(), e.evidence().signingKeyId(),
                e.evidence().timestamped() ? "あり / yes (manifest.tsr)" : "なし / none", Jst.display(exportedAt), exportedBy,
                f, args, KEY_PLACEHOLDER,
                keyIncluded ? "  " + f + "/" + EvidencePackage.PUBLIC_KEY + "  この配備の署名公開鍵（参考のみ。検証の根拠にはなりません）\n" : "",
                f + "/" + EvidencePackage.PUBLIC_KEY,
                keyIncluded ? "  " + EvidencePackage.PUBLIC_KEY + "  this deployment's signing public key (for reference only: not a trust anchor)\n" : "",
                q,
                tsaCertIncluded ? "  " + f + "/" + EvidencePackage.TSA_CERT + "  このアーカイブが信頼するタイムスタンプ局の証明書\n" : "",
                tsaCertIncluded ? "  " + EvidencePackage.TSA_CERT + "  the time-stamping authority's certificate this archive trusts\n" : "",
                tsaInCommand ? """
                             --tsa-cert はこのアーカイブが信頼するタイムスタンプ局の証明書です。タイムスタンプが必須になり、トークンの
                             証明書からこの証明書まで、押印時点で有効な証明書のパスがあることを確認します（中間証明書が別にあれば
                             --tsa-chain で渡します。失効は確認しません）。この証明書も局が公表する指紋と照合してください:
                               openssl x509 -in %1$s -noout -fingerprint -sha256
                        """.formatted(tsaCert) : """
                             タイムスタンプ局の証明書（別に入手したもの）があれば --tsa-cert tsa.pem を加えます。タイムスタンプが
                             必須になり、トークンの証明書からその証明書まで、押印時点で有効な証明書のパスがあることも確認します。
                        """,
                tsaInCommand ? """
                             --tsa-cert is the time-stamping authority's certificate this archive trusts: a time-stamp is then
                             required, with a certification path from its token's certificate to this one, valid at the stamped time
                             (give intermediates with --tsa-chain; revocation is not checked). Compare its fingerprint with the one the
                             authority publishes:
                               openssl x509 -in %1$s -noout -fingerprint -sha256
                        """.formatted(tsaCert) : """
                             Add --tsa-cert tsa.pem with the time-stamping authority's certificate (obtained separately): a
                             time-stamp is then required, and a certification path from its token's certificate to that one,
                             valid at the stamped time.
                        """, shellWord(f + "/" + PackagedVerifier.LAUNCHER));
    }

    /** The path as one shell word: as it is when the shell would not split or expand it, else in single quotes. */
    static String shellWord(String path) {
        if (path.matches("[\\p{L}\\p{N}._+,:=@%/-]+")) {
            return path;
        }
        return "'" + path.replace("'", "'\\''") + "'";
    }
}
