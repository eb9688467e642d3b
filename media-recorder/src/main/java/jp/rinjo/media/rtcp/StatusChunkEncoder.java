package jp.rinjo.media.rtcp;

/**
 * Greedy encoder of transport-cc packet status symbols into 16-bit chunks
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.2–3.1.4). Symbols are buffered until no
 * single chunk can take the next one, then the buffer is flushed as
 * <ul>
 *   <li>a run length chunk if all buffered symbols are equal (up to 8191),</li>
 *   <li>a 1-bit status vector of 14 symbols if none is "large delta",</li>
 *   <li>else a 2-bit status vector of the first 7, keeping the rest buffered.</li>
 * </ul>
 * At most one chunk is pending at any time, so the encoded size so far is always known.
 */
final class StatusChunkEncoder {
    private static final int TWO_BIT_CAPACITY = 7;
    private static final int ONE_BIT_CAPACITY = 14;
    private static final int RUN_CAPACITY = 8191;

    private final int[] pending = new int[ONE_BIT_CAPACITY];
    private int size;
    private boolean allSame;
    private boolean hasLarge;
    private final int[] chunks;
    private int chunkCount;

    StatusChunkEncoder(int maxChunks) {
        chunks = new int[maxChunks];
    }

    void reset() {
        size = 0;
        chunkCount = 0;
    }

    /** Chunks written so far plus the one still being filled. */
    int chunkCountIfFinished() {
        return chunkCount + (size > 0 ? 1 : 0);
    }

    void add(int symbol) {
        if (!canAdd(symbol)) {
            flush();
        }
        if (size < ONE_BIT_CAPACITY) {
            pending[size] = symbol;
        }
        if (size == 0) {
            allSame = true;
            hasLarge = false;
        } else {
            allSame &= symbol == pending[0];
        }
        hasLarge |= symbol == TransportCcFeedback.RECEIVED_LARGE_DELTA;
        size++;
    }

    private boolean canAdd(int symbol) {
        if (size < TWO_BIT_CAPACITY) {
            return true;
        }
        if (size < ONE_BIT_CAPACITY && !hasLarge && symbol != TransportCcFeedback.RECEIVED_LARGE_DELTA) {
            return true;
        }
        return allSame && symbol == pending[0] && size < RUN_CAPACITY;
    }

    private void flush() {
        if (allSame) {
            chunks[chunkCount++] = runLength(pending[0], size);
            size = 0;
        } else if (size == ONE_BIT_CAPACITY) {
            chunks[chunkCount++] = oneBitVector(size);
            size = 0;
        } else {
            chunks[chunkCount++] = twoBitVector(TWO_BIT_CAPACITY);
            int rest = size - TWO_BIT_CAPACITY;
            System.arraycopy(pending, TWO_BIT_CAPACITY, pending, 0, rest);
            size = rest;
            allSame = true;
            hasLarge = false;
            for (int i = 0; i < rest; i++) {
                allSame &= pending[i] == pending[0];
                hasLarge |= pending[i] == TransportCcFeedback.RECEIVED_LARGE_DELTA;
            }
        }
    }

    /** Flushes the last chunk; returns the total number of chunks. */
    int finish() {
        if (size > 0) {
            if (allSame) {
                chunks[chunkCount++] = runLength(pending[0], size);
            } else if (size <= TWO_BIT_CAPACITY) {
                chunks[chunkCount++] = twoBitVector(size);
            } else {
                chunks[chunkCount++] = oneBitVector(size);
            }
            size = 0;
        }
        return chunkCount;
    }

    int chunk(int i) {
        return chunks[i];
    }

    private static int runLength(int symbol, int length) {
        return (symbol << 13) | length;
    }

    /** Unused trailing positions stay 0 ("not received"); the status count says where to stop. */
    private int oneBitVector(int n) {
        int c = 0x8000;
        for (int i = 0; i < n; i++) {
            c |= pending[i] << (13 - i);
        }
        return c;
    }

    private int twoBitVector(int n) {
        int c = 0xC000;
        for (int i = 0; i < n; i++) {
            c |= pending[i] << (12 - 2 * i);
        }
        return c;
    }
}
