package jp.rinjo.standalone;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jp.rinjo.archive.Archive;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.signaling.media.MediaGateway;

/**
 * The media gateway of a signaling node whose media nodes run as other processes: as the remote
 * gateway it wraps, and it files each session those nodes seal in the archive. A remote node answers
 * the end of a session once the recording is sealed and its renditions are in the shared store; an
 * in-process node tells the archive itself (the recorder's seal listener), which a remote one cannot.
 */
final class ArchivingMediaGateway implements MediaGateway, AutoCloseable {
    private final MediaGateway remote;
    private final Archive archive;
    /** Indexing reads the store and writes the database: never on an event loop. */
    private final ExecutorService indexing = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rinjo-archive-remote-seals");
        t.setDaemon(true);
        return t;
    });

    ArchivingMediaGateway(MediaGateway remote, Archive archive) {
        this.remote = remote;
        this.archive = archive;
    }

    @Override
    public CompletionStage<Void> sessionEnded(SessionId session, SessionEnd end) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        remote.sessionEnded(session, end).whenComplete((ok, failure) -> {
            if (failure != null && !alreadySealed(failure)) {
                done.completeExceptionally(failure);
                return;
            }
            // sealed now, or before (asked again after a restart): either way it belongs in the index,
            // and indexing the same manifest twice changes nothing
            try {
                indexing.execute(() -> {
                    archive.sealedByRemoteNode(session);
                    settle(done, failure);
                });
            } catch (RejectedExecutionException e) {
                // shutting down: the evidence is sealed, and a reindex files it
                settle(done, failure);
            }
        });
        return done;
    }

    private static void settle(CompletableFuture<Void> done, Throwable failure) {
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
    }

    private static boolean alreadySealed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof RinjoException r && r.code() == ErrorCode.CONFLICT;
    }

    @Override
    public boolean available() {
        return remote.available();
    }

    @Override
    public void setSink(Sink sink) {
        remote.setSink(sink);
    }

    @Override
    public CompletionStage<Void> joined(SessionId session, ParticipantId participant) {
        return remote.joined(session, participant);
    }

    @Override
    public CompletionStage<Void> sdp(SessionId session, ParticipantId participant, String kind, String sdp, String purpose) {
        return remote.sdp(session, participant, kind, sdp, purpose);
    }

    @Override
    public CompletionStage<Void> ice(SessionId session, ParticipantId participant, String candidate, String sdpMid,
                                     Integer sdpMLineIndex) {
        return remote.ice(session, participant, candidate, sdpMid, sdpMLineIndex);
    }

    @Override
    public CompletionStage<Void> left(SessionId session, ParticipantId participant) {
        return remote.left(session, participant);
    }

    @Override
    public CompletionStage<StoredStill> storeStill(SessionId session, Still still, byte[] jpeg) {
        return remote.storeStill(session, still, jpeg);
    }

    @Override
    public CompletionStage<java.util.Optional<byte[]>> readStill(SessionId session, String stillId) {
        return remote.readStill(session, stillId);
    }

    @Override
    public void close() throws Exception {
        indexing.shutdown();
        indexing.awaitTermination(10, TimeUnit.SECONDS); // a seal being indexed is let finish
        if (remote instanceof AutoCloseable c) {
            c.close();
        }
    }
}
