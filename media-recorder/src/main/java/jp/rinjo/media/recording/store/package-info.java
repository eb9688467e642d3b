/**
 * Where evidence objects are kept: the {@link jp.rinjo.media.recording.store.EvidenceStore}
 * interface (write-once objects, SHA-256 checked on the way in, object-lock capability), its
 * filesystem implementation for the standalone and its S3/MinIO implementation, and the object
 * layout ({@link jp.rinjo.media.recording.store.ObjectKeys}). The MinIO types stay inside
 * {@link jp.rinjo.media.recording.store.MinioEvidenceStore}.
 */
package jp.rinjo.media.recording.store;
