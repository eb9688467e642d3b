package jp.rinjo.media.recording.rendition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import jp.rinjo.common.time.Jst;

/**
 * A participant's tracks of one kind as one stream of units on the rendition's timeline. A rejoin,
 * a republish or a media node restart gives a participant a new track; the tracks play one after
 * the other in the order they were received, and the pause between two of them stays a gap in time,
 * as a loss inside a track does. Tracks of one kind should never overlap; where they do (a forged or
 * odd recording) one stream cannot show both: the later track takes over from its first unit, and
 * what the earlier one still held is counted in the notes, never dropped silently. A track in another
 * codec than the rendition's is re-encoded ({@link H264Reencoder}), and the notes say so too.
 * At most two tracks are open at a time.
 */
final class JoinedTrackUnits implements MediaUnits {

    private final String kind;
    private final List<ScannedTrack> tracks;
    private final String codec;
    private final long start;
    private final Map<String, Long> offsets;
    private final List<String> notes;
    private int opened;
    private ScannedTrack currentTrack;
    private MediaUnits current;
    private ScannedTrack followingTrack;
    private MediaUnits following;
    int units;

    /**
     * @param tracks  in the order of their first packet
     * @param codec   the rendition's codec for this kind
     * @param offsets each track's anchor ({@link SenderClocks})
     * @param notes   where the rendition's notes go
     */
    JoinedTrackUnits(String kind, List<ScannedTrack> tracks, String codec, long start, Map<String, Long> offsets, List<String> notes) {
        this.kind = kind;
        this.tracks = List.copyOf(tracks);
        this.codec = codec;
        this.start = start;
        this.offsets = offsets;
        this.notes = notes;
    }

    @Override
    public MediaUnit peek() {
        try {
            while (true) {
                if (current == null && !advance()) {
                    return null;
                }
                MediaUnit u = current.peek();
                MediaUnit takeover = following == null ? null : following.peek();
                if (u != null && (takeover == null || u.ptsMicros() < takeover.ptsMicros())) {
                    return u;
                }
                if (u != null) {
                    leaveOutOverlap(takeover);
                }
                current.close();
                current = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean hasNext() {
        return peek() != null;
    }

    @Override
    public MediaUnit next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        units++;
        return current.next();
    }

    /** The following track becomes the current one, and the one after it is opened: where it starts ends this one. */
    private boolean advance() throws IOException {
        if (following == null) {
            openFollowing();
        }
        if (following == null) {
            return false;
        }
        current = following;
        currentTrack = followingTrack;
        following = null;
        openFollowing();
        return true;
    }

    /** Opens the next track that holds any unit (a track of padding or broken frames only shows nothing). */
    private void openFollowing() throws IOException {
        while (following == null && opened < tracks.size()) {
            ScannedTrack t = tracks.get(opened++);
            MediaUnits stream = open(t);
            if (stream.peek() == null) {
                stream.close();
            } else {
                following = stream;
                followingTrack = t;
            }
        }
    }

    private MediaUnits open(ScannedTrack t) throws IOException {
        TrackUnits remuxed = new TrackUnits(t.track().segments(), t.scan(), start, offsets.get(t.id()));
        if (t.codec().equalsIgnoreCase(codec)) {
            return remuxed;
        }
        if (!"H264".equalsIgnoreCase(codec)) {
            remuxed.close();
            throw new IOException(kind + " track " + t.id() + " (" + t.codec() + ") cannot join a " + codec + " rendition");
        }
        notes.add(kind + " track " + t.id() + " (" + t.codec() + ") is re-encoded to H.264 in this rendition: an MP4 holds "
                + "one video codec, and the participant's other video is H.264 (the raw segments keep what was sent)");
        try {
            return new H264Reencoder(remuxed, t.codec());
        } catch (IOException e) {
            remuxed.close();
            throw e;
        }
    }

    private void leaveOutOverlap(MediaUnit takeover) {
        long last = 0;
        int left = 0;
        for (MediaUnit u = current.peek(); u != null; u = current.peek()) {
            last = current.next().ptsMicros();
            left++;
        }
        notes.add(kind + " track " + followingTrack.id() + " takes over from " + currentTrack.id() + " at "
                + time(takeover.ptsMicros()) + ", while " + currentTrack.id() + " went on until " + time(last) + ": "
                + left + " of its " + ("video".equals(kind) ? "frames" : "packets")
                + " are not in this rendition (the raw segments keep them)");
    }

    private String time(long ptsMicros) {
        long wall = start + ptsMicros;
        return Jst.preciseMicros(wall);
    }

    @Override
    public void close() throws IOException {
        try {
            if (current != null) {
                current.close();
            }
        } finally {
            if (following != null) {
                following.close();
            }
        }
    }
}
