package io.silas.core.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranking step of a database store's keyword search ({@link MemoryStore}): the store asks its index, keyword by
 * keyword, for that keyword's {@link MemoryStore#candidatesPerKeyword newest} memories of the scope and lane and adds
 * their storage positions here; {@link #best} ranks them by how many keywords they matched, ties in storage order.
 * Not thread-safe (one per search).
 */
public final class KeywordCandidates {
    private static final Comparator<Map.Entry<Long, Integer>> BEST_FIRST =
            Comparator.comparing((Map.Entry<Long, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey);

    private final Map<Long, Integer> matched = new HashMap<>();

    /** Counts one keyword's match of the memory at storage position {@code seq}. */
    public void add(long seq) {
        matched.merge(seq, 1, Integer::sum);
    }

    /** The storage positions of the best {@code limit} candidates, best first. */
    public List<Long> best(int limit) {
        List<Map.Entry<Long, Integer>> ranked = new ArrayList<>(matched.entrySet());
        ranked.sort(BEST_FIRST);
        List<Long> best = new ArrayList<>(Math.min(limit, ranked.size()));
        for (int i = 0; i < Math.min(limit, ranked.size()); i++) {
            best.add(ranked.get(i).getKey());
        }
        return best;
    }
}
