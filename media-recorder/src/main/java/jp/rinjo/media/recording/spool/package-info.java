/**
 * Recording on the media node: the sink on each published track (copy, enqueue, never wait; a full
 * queue becomes a GAP), writer threads that cut segments of about 2 s, the fsync thread that makes
 * them durable and journals them, the uploader (backoff, nothing dropped while the spool has room),
 * and recovery at start after a crash. {@link jp.rinjo.media.recording.spool.Spool} ties them
 * together; the layout on disk is in {@link jp.rinjo.media.recording.spool.SpoolLayout}.
 *
 * <pre>
 * event loop ──RtpSink──▶ TrackSink ──queue──▶ RecordingWriter ──closed segment──▶ SegmentFinisher
 *                                                 (SegmentWriter)        fsync, journal, rename
 *                                                                              │
 *                                         EvidenceStore ◀──put, verify── SpoolUploader
 * </pre>
 */
package jp.rinjo.media.recording.spool;
