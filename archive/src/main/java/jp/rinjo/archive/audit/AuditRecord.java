package jp.rinjo.archive.audit;

import java.time.Instant;

/** A row of the audit log: the event, when it was appended, and its place in the hash chain. */
public record AuditRecord(long seq, Instant at, AuditEvent event, String prevHash, String hash) {
}
