package jp.rinjo.media.recording.store;

/**
 * @param kind        {@code filesystem} or {@code s3}
 * @param objectLock  objects are WORM-locked (S3 object lock, compliance mode) when put with a retention
 * @param description one line for logs and the health page, e.g. where and why not locked
 */
public record StoreCapabilities(String kind, boolean objectLock, String description) {
}
