package jp.rinjo.media.recording.rendition;

import java.io.IOException;
import java.util.Iterator;

/** Media units in presentation order, read as they are needed (a long session never sits in memory). */
interface MediaUnits extends Iterator<MediaUnit>, AutoCloseable {
    /** The next unit without taking it, or null at the end. */
    MediaUnit peek();

    @Override
    void close() throws IOException;
}
