package io.silas.core.memory;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@link MemoryStore} in one insertion-ordered map per scope and lane keyed by memory id (so a read never scans
 * other scopes or the other lane: raw ingest grows every turn), guarded by the instance lock.
 * Keyword search scans the scope's memories of one lane and ranks by distinct keywords matched, then by
 * total occurrences, then by storage order.
 */
final class InMemoryMemoryStore implements MemoryStore {
    /** A search hit and its rank. */
    private record Hit(MemoryItem item, int distinct, int occurrences, int position) {
    }

    private static final Comparator<Hit> BEST_FIRST = Comparator.comparingInt((Hit h) -> -h.distinct())
            .thenComparingInt(h -> -h.occurrences()).thenComparingInt(Hit::position);

    /** Scope id → lane → memory id → memory; the same id in two scopes is two memories. */
    private final Map<String, Map<ReingestionTier, Map<String, MemoryItem>>> scopes = new HashMap<>();

    @Override
    public String store(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.ACTIVE));
    }

    @Override
    public String storeRaw(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.LOW_REINGESTION));
    }

    private synchronized String insert(MemoryItem item) {
        Map<ReingestionTier, Map<String, MemoryItem>> lanes =
                scopes.computeIfAbsent(item.scopeId(), k -> new EnumMap<>(ReingestionTier.class));
        if (find(lanes, item.memoryId()) != null) {
            throw SilasException.invalid("memory_id", "already stored in this scope: " + item.memoryId());
        }
        lanes.computeIfAbsent(item.reingestionTier(), k -> new LinkedHashMap<>()).put(item.memoryId(), item);
        return item.memoryId();
    }

    @Override
    public synchronized Optional<MemoryItem> get(String scopeId, String memoryId) {
        return Optional.ofNullable(find(scope(scopeId, memoryId), memoryId));
    }

    @Override
    public synchronized void update(MemoryItem item) {
        if (item == null) {
            throw SilasException.invalid("memory_item", "must not be null");
        }
        Map<ReingestionTier, Map<String, MemoryItem>> lanes = scope(item.scopeId(), item.memoryId());
        MemoryItem stored = find(lanes, item.memoryId());
        if (stored == null) {
            throw new SilasException(ErrorCode.NOT_FOUND, "no memory " + item.memoryId() + " in this scope");
        }
        MemoryStore.requireUpdatable(stored, item);
        lanes.get(stored.reingestionTier()).put(item.memoryId(), item);
    }

    @Override
    public synchronized boolean delete(String scopeId, String memoryId) {
        Map<ReingestionTier, Map<String, MemoryItem>> lanes = scope(scopeId, memoryId);
        MemoryItem stored = find(lanes, memoryId);
        if (stored == null) {
            return false;
        }
        MemoryStore.requireDeletable(stored);
        lanes.get(stored.reingestionTier()).remove(memoryId);
        return true;
    }

    @Override
    public List<MemoryItem> searchKeyword(String scopeId, String query, int limit) {
        return search(scopeId, query, limit, ReingestionTier.ACTIVE);
    }

    @Override
    public List<MemoryItem> searchRaw(String scopeId, String query, int limit) {
        return search(scopeId, query, limit, ReingestionTier.LOW_REINGESTION);
    }

    @Override
    public List<MemoryItem> searchSession(String scopeId, String sessionId) {
        if (sessionId == null || sessionId.isBlank()) {
            throw SilasException.invalid("session_id", "must not be blank");
        }
        return select(scopeId, ReingestionTier.ACTIVE, m -> sessionId.equals(m.sessionId()));
    }

    @Override
    public List<MemoryItem> listByType(String scopeId, MemoryType type) {
        if (type == null) {
            throw SilasException.invalid("memory_type", "must not be null");
        }
        return select(scopeId, ReingestionTier.ACTIVE, m -> m.memoryType() == type);
    }

    private List<MemoryItem> search(String scopeId, String query, int limit, ReingestionTier lane) {
        List<String> keywords = MemoryStore.keywords(query);
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        if (keywords.isEmpty() || limit == 0) {
            MemoryStore.requireScope(scopeId);
            return List.of();
        }
        List<MemoryItem> candidates = select(scopeId, lane, m -> true);
        List<Hit> hits = new ArrayList<>();
        for (int position = 0; position < candidates.size(); position++) {
            MemoryItem item = candidates.get(position);
            Map<String, Integer> counts = new HashMap<>();
            Keywords.words(item.content()).forEach(w -> counts.merge(w, 1, Integer::sum));
            item.semanticTags().forEach(t -> Keywords.words(t).forEach(w -> counts.merge(w, 1, Integer::sum)));
            int distinct = 0;
            int occurrences = 0;
            for (String keyword : keywords) {
                int n = counts.getOrDefault(keyword, 0);
                distinct += n > 0 ? 1 : 0;
                occurrences += n;
            }
            if (distinct > 0) {
                hits.add(new Hit(item, distinct, occurrences, position));
            }
        }
        return hits.stream().sorted(BEST_FIRST).limit(limit).map(Hit::item).toList();
    }

    private synchronized List<MemoryItem> select(String scopeId, ReingestionTier lane, Predicate<MemoryItem> filter) {
        MemoryStore.requireScope(scopeId);
        return scopes.getOrDefault(scopeId, Map.of()).getOrDefault(lane, Map.of()).values().stream()
                .filter(filter).toList();
    }

    /** The scope's memories (empty and unmodifiable when it has none), after validating both ids. */
    private Map<ReingestionTier, Map<String, MemoryItem>> scope(String scopeId, String memoryId) {
        MemoryStore.requireScope(scopeId);
        if (memoryId == null || memoryId.isBlank()) {
            throw SilasException.invalid("memory_id", "must not be blank");
        }
        return scopes.getOrDefault(scopeId, Map.of());
    }

    private static @Nullable MemoryItem find(Map<ReingestionTier, Map<String, MemoryItem>> lanes, String memoryId) {
        for (Map<String, MemoryItem> lane : lanes.values()) {
            MemoryItem item = lane.get(memoryId);
            if (item != null) {
                return item;
            }
        }
        return null;
    }
}
