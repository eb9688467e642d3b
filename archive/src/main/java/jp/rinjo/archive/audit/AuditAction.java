package jp.rinjo.archive.audit;

/**
 * What someone did with the archive, or an administrative act on the records it is filed by; every
 * one of these is written to the audit log. The label is what the audit log shows in Japanese
 * (English in i18n.js under {@code audit.action.NAME}).
 */
public enum AuditAction {
    SEARCH("録画の検索"), VIEW("録画の閲覧"), PLAY("再生"), DOWNLOAD("ダウンロード"), VERIFY("改ざん検証"), EXPORT("証拠パッケージの書き出し"),
    DELETE("録画の削除"), POLICY("保存期間・訴訟ホールドの設定"), REINDEX("索引の再構築"), AUDIT_READ("監査ログの閲覧"),
    AUDIT_VERIFY("監査ログの検証"),
    /** an evidence copy with burned-in date-time and contract was asked for (its download is a DOWNLOAD) */
    EVIDENCE_COPY("日時入り証拠コピーの作成"),
    /** an admin re-made a recording's renditions from its segments */
    RENDITIONS("再生用ファイルの再作成"),
    /** an admin had the manifest time-stamped after the seal (the authority was unreachable then) */
    TIMESTAMP("封印後のタイムスタンプ付与"),
    /** a lapsed session's result recorded afterwards, by its inspector or an admin (scheduling's AdminAction, as all below) */
    LATE_RESULT("結果の事後記録"),
    /** contracts registered from a CSV file: how many, and the file's SHA-256 */
    CONTRACT_IMPORT("契約の一括登録（CSV）"),
    CONTRACT_REGISTER("契約の登録"),
    CONTRACT_UPDATE("契約の変更"),
    /** account administration, by an admin: to whom in the detail, never a password or its hash */
    USER_CREATE("アカウントの作成"),
    USER_CHANGE("アカウントの変更（氏名・所属・権限）"),
    USER_DISABLE("アカウントの無効化"),
    USER_ENABLE("アカウントの有効化"),
    USER_PASSWORD_RESET("パスワードの再設定（管理者による）");

    private final String label;

    AuditAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
