package io.silas.core.memory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One scope's memories of one reingestion lane for {@link InMemoryMemoryStore}: in storage order by id, plus an
 * inverted index from each {@link Keywords#words word} of a memory's content and semantic tags to the memories that
 * hold it and how often. A memory is tokenized once, when it is stored or replaced. Not thread-safe (guarded by the
 * store's lock).
 */
final class IndexedLane {
    /** A stored memory, its storage sequence (kept by an update, as the position in storage order) and its words. */
    record Entry(MemoryItem item, long seq, Map<String, Integer> words) {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seq);
        }
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final Map<String, Map<Entry, Integer>> index = new HashMap<>();
    private long nextSeq;

    void add(MemoryItem item) {
        put(new Entry(item, nextSeq++, words(item)));
    }

    /** Replaces the memory with the same id, keeping its place in storage order. */
    void replace(MemoryItem item) {
        Entry old = byId.get(item.memoryId());
        unindex(old);
        put(new Entry(item, old.seq(), words(item)));
    }

    void remove(String memoryId) {
        Entry old = byId.remove(memoryId);
        if (old != null) {
            unindex(old);
        }
    }

    @Nullable MemoryItem get(String memoryId) {
        Entry e = byId.get(memoryId);
        return e == null ? null : e.item();
    }

    /** The memories holding {@code word} and its occurrences in each (read-only view). */
    Map<Entry, Integer> postings(String word) {
        return index.getOrDefault(word, Map.of());
    }

    List<MemoryItem> select(Predicate<MemoryItem> filter) {
        return byId.values().stream().map(Entry::item).filter(filter).toList();
    }

    private void put(Entry entry) {
        byId.put(entry.item().memoryId(), entry);
        entry.words().forEach((word, n) -> index.computeIfAbsent(word, w -> new HashMap<>()).put(entry, n));
    }

    private void unindex(Entry entry) {
        for (String word : entry.words().keySet()) {
            Map<Entry, Integer> posting = index.get(word);
            posting.remove(entry);
            if (posting.isEmpty()) {
                index.remove(word);
            }
        }
    }

    private static Map<String, Integer> words(MemoryItem item) {
        Map<String, Integer> counts = new HashMap<>();
        Keywords.words(item.content()).forEach(w -> counts.merge(w, 1, Integer::sum));
        item.semanticTags().forEach(t -> Keywords.words(t).forEach(w -> counts.merge(w, 1, Integer::sum)));
        return counts;
    }
}
