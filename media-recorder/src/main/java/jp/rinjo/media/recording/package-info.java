/**
 * The media node's evidence recorder. {@link jp.rinjo.media.recording.EvidenceRecorder} is the
 * entry point: started with a {@link jp.rinjo.media.recording.RecordingConfig} (keys
 * {@code recording.*} in media-defaults.properties), plugged into the media engine with
 * {@code engine.addSinkFactory(recorder.sinkFactory())}, and told when a session ends with
 * {@code recorder.seal(sessionId, SealRequest.of(participants))}.
 *
 * <p>Packages: {@code format} (segment files, FORMAT.md), {@code spool} (capture, segments, fsync,
 * upload, crash recovery), {@code store} (filesystem and S3/MinIO evidence stores), {@code evidence}
 * (hash chain, manifest, signature, time-stamp; EVIDENCE.md), {@code verify} (the verifier and the
 * {@code verify} command). Dependencies point one way: format ← store ← evidence ← spool ← (this
 * package), and verify uses format, store and evidence; only {@code spool.TrackSink} and
 * {@code spool.RecordingSinkFactory} touch SFU types, only {@code store.MinioEvidenceStore} MinIO types.
 */
package jp.rinjo.media.recording;
