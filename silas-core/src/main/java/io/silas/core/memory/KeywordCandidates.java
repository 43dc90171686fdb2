package io.silas.core.memory;

import io.silas.core.error.SilasException;
import java.util.Arrays;

/**
 * The ranking step of a database store's keyword search ({@link MemoryStore}): the store asks its index, keyword by
 * keyword, for that keyword's {@link MemoryStore#candidatesPerKeyword newest} memories of the scope and lane and adds
 * their storage positions here; {@link #best} ranks them by how many keywords they matched, ties in storage order.
 * The positions are kept as primitive {@code long}s (a search adds up to a few thousand; boxing and a hash map per
 * position made this step the largest allocation of a turn once memories exist). Not thread-safe (one per search).
 */
public final class KeywordCandidates {
    /** Storage positions must fit below the match count in one sortable {@code long}. */
    private static final int SEQ_BITS = 55;
    private static final long MAX_SEQ = (1L << SEQ_BITS) - 1;
    private static final int MAX_COUNT = (1 << (Long.SIZE - 1 - SEQ_BITS)) - 1;

    private long[] added = new long[64];
    private int size;

    /**
     * Counts one keyword's match of the memory at storage position {@code seq} (0 to 2^55 - 1).
     *
     * @param seq the seq
     */
    public void add(long seq) {
        if (seq < 0 || seq > MAX_SEQ) {
            throw SilasException.invalid("seq", "storage position out of range: " + seq);
        }
        if (size == added.length) {
            added = Arrays.copyOf(added, size * 2);
        }
        added[size++] = seq;
    }

    /**
     * {@return the storage positions of the best {@code limit} candidates, best first}
     *
     * @param limit the limit
     */
    public long[] best(int limit) {
        Arrays.sort(added, 0, size);
        // one sortable key per distinct position: fewer matches sort later, then the storage position
        long[] ranked = new long[size];
        int distinct = 0;
        for (int i = 0; i < size; ) {
            long seq = added[i];
            int j = i;
            while (j < size && added[j] == seq) {
                j++;
            }
            long missing = MAX_COUNT - Math.min(j - i, MAX_COUNT);
            ranked[distinct++] = (missing << SEQ_BITS) | seq;
            i = j;
        }
        Arrays.sort(ranked, 0, distinct);
        long[] best = new long[Math.min(limit, distinct)];
        for (int i = 0; i < best.length; i++) {
            best[i] = ranked[i] & MAX_SEQ;
        }
        return best;
    }
}
