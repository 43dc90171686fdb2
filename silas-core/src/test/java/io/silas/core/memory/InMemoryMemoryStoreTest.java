package io.silas.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InMemoryMemoryStoreTest extends MemoryStoreContract {
    private static final String[] WORDS = {"alpha", "Beta", "gamma", "café", "CAFE", "delta", "über", "uber", "x1",
        "shared", "message", "turn", "日本", "tool", "42"};

    @Override
    protected MemoryStore newStore() {
        return MemoryStore.inMemory();
    }

    /**
     * The token index ranks exactly as re-tokenizing every memory does (distinct keywords, then occurrences, then
     * storage order, each keyword counting only for its newest {@link MemoryStore#candidatesPerKeyword} memories),
     * through random stores, updates (which keep the storage position) and deletes, before the lane's first search
     * (which builds the index) and after it (which keeps it); the scope grows past the candidate bound.
     */
    @Test
    void indexedSearchEqualsAFullScan() {
        Random random = new Random(27);
        MemoryStore store = MemoryStore.inMemory();
        Map<String, MemoryItem> reference = new LinkedHashMap<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int step = 0; step < 5_000; step++) {
            int op = random.nextInt(10);
            if (op < 6 || reference.isEmpty()) {
                MemoryItem item = MemoryItem.create("m" + step, "s", text(random), MemoryType.EPISODE,
                        TaintLevel.OWNER, "test", at);
                store.store(item);
                reference.put(item.memoryId(), item);
            } else {
                List<String> ids = new ArrayList<>(reference.keySet());
                String id = ids.get(random.nextInt(ids.size()));
                if (op < 8) {
                    MemoryItem updated = reference.get(id).withContent(text(random), TaintLevel.OWNER, at);
                    store.update(updated);
                    reference.put(id, updated);
                } else {
                    store.delete("s", id);
                    reference.remove(id);
                }
            }
            if (step % 20 == 0 && step >= 100) { // the first search indexes what was stored, updated, deleted
                String query = text(random);
                int limit = 1 + random.nextInt(8);
                assertThat(store.searchKeyword("s", query, limit))
                        .as("query %s at step %d", query, step)
                        .isEqualTo(scan(List.copyOf(reference.values()), query, limit));
            }
        }
        assertThat(store.searchKeyword("s", "shared message", 3)).hasSizeLessThanOrEqualTo(3);
    }

    private static String text(Random random) {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextBoolean() ? " " : ", ");
        }
        return b.toString();
    }

    /**
     * The ranking by re-tokenizing every memory, as the store did before it kept an index, with a keyword counting
     * only for the newest memories holding it.
     */
    private static List<MemoryItem> scan(List<MemoryItem> items, String query, int limit) {
        List<String> keywords = MemoryStore.keywords(query);
        record Hit(MemoryItem item, int distinct, int occurrences, int position) {
        }
        List<Map<String, Integer>> countsOf = new ArrayList<>();
        for (MemoryItem item : items) {
            Map<String, Integer> counts = new HashMap<>();
            Keywords.words(item.content()).forEach(w -> counts.merge(w, 1, Integer::sum));
            item.semanticTags().forEach(t -> Keywords.words(t).forEach(w -> counts.merge(w, 1, Integer::sum)));
            countsOf.add(counts);
        }
        Map<String, Integer> oldestCandidate = new HashMap<>();
        for (String keyword : keywords) {
            int seen = 0;
            for (int position = items.size() - 1; position >= 0; position--) {
                if (countsOf.get(position).containsKey(keyword)
                        && ++seen <= MemoryStore.candidatesPerKeyword(limit)) {
                    oldestCandidate.put(keyword, position);
                }
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (int position = 0; position < items.size(); position++) {
            MemoryItem item = items.get(position);
            Map<String, Integer> counts = countsOf.get(position);
            int distinct = 0;
            int occurrences = 0;
            for (String keyword : keywords) {
                int n = position >= oldestCandidate.getOrDefault(keyword, Integer.MAX_VALUE)
                        ? counts.getOrDefault(keyword, 0) : 0;
                distinct += n > 0 ? 1 : 0;
                occurrences += n;
            }
            if (distinct > 0) {
                hits.add(new Hit(item, distinct, occurrences, position));
            }
        }
        return hits.stream().sorted(Comparator.comparingInt((Hit h) -> -h.distinct())
                .thenComparingInt(h -> -h.occurrences()).thenComparingInt(Hit::position))
                .limit(limit).map(Hit::item).toList();
    }
}
