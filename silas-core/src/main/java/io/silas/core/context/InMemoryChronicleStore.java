package io.silas.core.context;

import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link ChronicleStore} in per-scope lists kept sorted by (created_at, insertion sequence), guarded by the
 * instance lock.
 */
final class InMemoryChronicleStore implements ChronicleStore {
    private static final Comparator<Entry> ORDER = Comparator.comparing((Entry e) -> e.item().createdAt())
            .thenComparingLong(Entry::seq);

    /** One appended entry and its insertion sequence. */
    private record Entry(long seq, ContextItem item) {
    }

    private final Map<String, List<Entry>> scopes = new TreeMap<>();
    private final Map<String, Set<String>> ctxIds = new HashMap<>();
    private long nextSeq;

    @Override
    public synchronized void append(String scopeId, ContextItem item) {
        ChronicleStore.requireEntry(scopeId, item);
        if (!ctxIds.computeIfAbsent(scopeId, k -> new HashSet<>()).add(item.ctxId())) {
            throw SilasException.invalid("ctx_id", "already appended to this scope: " + item.ctxId());
        }
        List<Entry> entries = scopes.computeIfAbsent(scopeId, k -> new ArrayList<>());
        Entry entry = new Entry(nextSeq++, item);
        int at = entries.size();
        while (at > 0 && ORDER.compare(entries.get(at - 1), entry) > 0) {
            at--;
        }
        entries.add(at, entry);
    }

    @Override
    public synchronized List<ContextItem> getRecent(String scopeId, int limit) {
        MemoryStore.requireScope(scopeId);
        ChronicleStore.requireLimit(limit);
        List<Entry> entries = scopes.getOrDefault(scopeId, List.of());
        return entries.subList(Math.max(0, entries.size() - limit), entries.size()).stream()
                .map(Entry::item).toList();
    }

    @Override
    public synchronized int pruneBefore(String scopeId, Instant cutoff) {
        MemoryStore.requireScope(scopeId);
        return prune(scopeId, requireCutoff(cutoff));
    }

    @Override
    public synchronized int pruneBefore(Instant cutoff) {
        requireCutoff(cutoff);
        int removed = 0;
        for (String scopeId : List.copyOf(scopes.keySet())) {
            removed += prune(scopeId, cutoff);
        }
        return removed;
    }

    @Override
    public synchronized List<String> knownScopes() {
        return List.copyOf(scopes.keySet());
    }

    private int prune(String scopeId, Instant cutoff) {
        List<Entry> entries = scopes.get(scopeId);
        if (entries == null) {
            return 0;
        }
        Set<String> ids = ctxIds.get(scopeId);
        int before = entries.size();
        entries.removeIf(e -> e.item().createdAt().isBefore(cutoff) && ids.remove(e.item().ctxId()));
        if (entries.isEmpty()) {
            scopes.remove(scopeId);
            ctxIds.remove(scopeId);
        }
        return before - entries.size();
    }

    private static Instant requireCutoff(Instant cutoff) {
        if (cutoff == null) {
            throw SilasException.invalid("cutoff", "must not be null");
        }
        return cutoff;
    }
}
