package io.silas.core.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One scope's memories of one reingestion lane for {@link InMemoryMemoryStore}: in storage order by id, plus an
 * inverted index from each {@link Keywords#words word} of a memory's content and semantic tags to the memories that
 * hold it (by storage slot) and how often. The index is built on the lane's first search (the raw lane gets two
 * memories every turn and is rarely searched, so a turn does not pay for indexing it) and kept up to date from then
 * on: each memory is tokenized once. A search adds up its keywords' postings in arrays kept by the lane (no
 * per-memory object, no re-tokenizing) and keeps only the best {@code limit}. Not thread-safe (guarded by the store's
 * lock).
 */
final class IndexedLane {
    /**
     * A stored memory, its slot (storage position, kept by an update) and its distinct words with their counts (null
     * until the lane is indexed).
     */
    private record Entry(MemoryItem item, int slot, String @Nullable [] words, int @Nullable [] counts) {
    }

    /**
     * The memories holding one word: parallel slot and count arrays in slot (storage) order, so that a search reads
     * the newest memories from the end. A new memory appends; an update re-inserts its old slot in place.
     */
    private static final class Postings {
        private int[] slots = new int[4];
        private int[] counts = new int[4];
        private int size;

        void add(int slot, int count) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            int at = size == 0 || slots[size - 1] < slot ? size : -Arrays.binarySearch(slots, 0, size, slot) - 1;
            System.arraycopy(slots, at, slots, at + 1, size - at);
            System.arraycopy(counts, at, counts, at + 1, size - at);
            slots[at] = slot;
            counts[at] = count;
            size++;
        }

        void remove(int slot) {
            int at = Arrays.binarySearch(slots, 0, size, slot);
            if (at >= 0) {
                System.arraycopy(slots, at + 1, slots, at, size - at - 1);
                System.arraycopy(counts, at + 1, counts, at, size - at - 1);
                size--;
            }
        }
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();
    /** Slot → memory; null where a memory was deleted. */
    private final List<@Nullable Entry> bySlot = new ArrayList<>();
    private final Map<String, Postings> index = new HashMap<>();
    /** Whether {@link #index} is built (from the first search on). */
    private boolean indexed;
    /** Search scratch by slot, all zero between searches. */
    private int[] distinct = new int[0];
    private int[] occurrences = new int[0];
    private int[] touched = new int[0];

    void add(MemoryItem item) {
        Entry entry = indexed ? entry(item, bySlot.size()) : new Entry(item, bySlot.size(), null, null);
        bySlot.add(entry);
        put(entry);
    }

    /** Replaces the memory with the same id, keeping its place in storage order. */
    void replace(MemoryItem item) {
        Entry old = byId.get(item.memoryId());
        unindex(old);
        Entry updated = indexed ? entry(item, old.slot()) : new Entry(item, old.slot(), null, null);
        put(updated);
        bySlot.set(old.slot(), updated);
    }

    void remove(String memoryId) {
        Entry old = byId.remove(memoryId);
        if (old != null) {
            unindex(old);
            bySlot.set(old.slot(), null);
        }
    }

    @Nullable MemoryItem get(String memoryId) {
        Entry e = byId.get(memoryId);
        return e == null ? null : e.item();
    }

    List<MemoryItem> select(Predicate<MemoryItem> filter) {
        return byId.values().stream().map(Entry::item).filter(filter).toList();
    }

    /**
     * The memories holding at least one of the (distinct) keywords, best first, at most {@code limit}: more distinct
     * keywords first, then more occurrences, then earlier in storage order. Each keyword contributes only its
     * {@code candidates} newest memories ({@link MemoryStore#candidatesPerKeyword}), so a search reads a bounded part
     * of the index however long the scope's history is.
     */
    List<MemoryItem> search(List<String> keywords, int limit) {
        int candidates = MemoryStore.candidatesPerKeyword(limit);
        if (!indexed) {
            indexed = true;
            for (int slot = 0; slot < bySlot.size(); slot++) {
                Entry stored = bySlot.get(slot);
                if (stored != null) {
                    Entry entry = entry(stored.item(), slot);
                    bySlot.set(slot, entry);
                    put(entry);
                }
            }
        }
        int slots = bySlot.size();
        if (distinct.length < slots) {
            int size = Math.max(slots, distinct.length * 2);
            distinct = new int[size];
            occurrences = new int[size];
            touched = new int[size];
        }
        int hits = 0;
        for (String keyword : keywords) {
            Postings p = index.get(keyword);
            if (p == null) {
                continue;
            }
            for (int i = p.size - 1; i >= Math.max(0, p.size - candidates); i--) {
                int slot = p.slots[i];
                if (distinct[slot]++ == 0) {
                    touched[hits++] = slot;
                }
                occurrences[slot] += p.counts[i];
            }
        }
        int[] best = new int[Math.min(limit, hits)];
        int n = 0;
        for (int h = 0; h < hits; h++) {
            int slot = touched[h];
            if (n < best.length) {
                n++;
            } else if (!better(slot, best[n - 1])) {
                continue;
            }
            int at = n - 1;
            while (at > 0 && better(slot, best[at - 1])) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = slot;
        }
        List<MemoryItem> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(bySlot.get(best[i]).item());
        }
        for (int h = 0; h < hits; h++) {
            distinct[touched[h]] = 0;
            occurrences[touched[h]] = 0;
        }
        return result;
    }

    private boolean better(int a, int b) {
        if (distinct[a] != distinct[b]) {
            return distinct[a] > distinct[b];
        }
        if (occurrences[a] != occurrences[b]) {
            return occurrences[a] > occurrences[b];
        }
        return a < b;
    }

    private void put(Entry entry) {
        byId.put(entry.item().memoryId(), entry);
        if (entry.words() == null) {
            return;
        }
        for (int i = 0; i < entry.words().length; i++) {
            index.computeIfAbsent(entry.words()[i], w -> new Postings()).add(entry.slot(), entry.counts()[i]);
        }
    }

    private void unindex(Entry entry) {
        if (entry.words() == null) {
            return;
        }
        for (String word : entry.words()) {
            Postings posting = index.get(word);
            posting.remove(entry.slot());
            if (posting.size == 0) {
                index.remove(word);
            }
        }
    }

    /** The memory's distinct words (content and tags) with their counts: the words sorted, equal runs counted. */
    private static Entry entry(MemoryItem item, int slot) {
        List<String> all = Keywords.words(item.content());
        for (String tag : item.semanticTags()) {
            all.addAll(Keywords.words(tag));
        }
        String[] sorted = all.toArray(new String[0]);
        Arrays.sort(sorted);
        String[] words = new String[sorted.length];
        int[] n = new int[sorted.length];
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (distinct > 0 && sorted[i].equals(words[distinct - 1])) {
                n[distinct - 1]++;
            } else {
                words[distinct] = sorted[i];
                n[distinct++] = 1;
            }
        }
        return new Entry(item, slot, Arrays.copyOf(words, distinct), Arrays.copyOf(n, distinct));
    }
}
