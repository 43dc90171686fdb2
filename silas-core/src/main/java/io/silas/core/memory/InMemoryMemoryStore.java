package io.silas.core.memory;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@link MemoryStore} in one insertion-ordered lane per scope and reingestion tier (so a read never scans other
 * scopes or the other lane: raw ingest grows every turn), guarded by the instance lock.
 * Keyword search ranks by distinct keywords matched, then by total occurrences, then by storage order; each lane
 * keeps an inverted index (word → memories and occurrence counts) built when a memory is stored or updated, so a
 * search reads only the postings of its keywords instead of re-tokenizing every memory of the scope.
 */
final class InMemoryMemoryStore implements MemoryStore {
    /** Scope id → lane; the same id in two scopes is two memories. */
    private final Map<String, Map<ReingestionTier, IndexedLane>> scopes = new HashMap<>();

    @Override
    public String store(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.ACTIVE));
    }

    @Override
    public String storeRaw(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.LOW_REINGESTION));
    }

    private synchronized String insert(MemoryItem item) {
        Map<ReingestionTier, IndexedLane> lanes =
                scopes.computeIfAbsent(item.scopeId(), k -> new EnumMap<>(ReingestionTier.class));
        if (find(lanes, item.memoryId()) != null) {
            throw SilasException.invalid("memory_id", "already stored in this scope: " + item.memoryId());
        }
        lanes.computeIfAbsent(item.reingestionTier(), k -> new IndexedLane()).add(item);
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
        Map<ReingestionTier, IndexedLane> lanes = scope(item.scopeId(), item.memoryId());
        MemoryItem stored = find(lanes, item.memoryId());
        if (stored == null) {
            throw new SilasException(ErrorCode.NOT_FOUND, "no memory " + item.memoryId() + " in this scope");
        }
        MemoryStore.requireUpdatable(stored, item);
        lanes.get(stored.reingestionTier()).replace(item);
    }

    @Override
    public synchronized boolean delete(String scopeId, String memoryId) {
        Map<ReingestionTier, IndexedLane> lanes = scope(scopeId, memoryId);
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
        MemoryStore.requireScope(scopeId);
        if (keywords.isEmpty() || limit == 0) {
            return List.of();
        }
        return ranked(scopeId, lane, keywords, limit);
    }

    private synchronized List<MemoryItem> ranked(String scopeId, ReingestionTier lane, List<String> keywords,
                                                 int limit) {
        IndexedLane indexed = scopes.getOrDefault(scopeId, Map.of()).get(lane);
        return indexed == null ? List.of() : indexed.search(keywords, limit);
    }

    private synchronized List<MemoryItem> select(String scopeId, ReingestionTier lane, Predicate<MemoryItem> filter) {
        MemoryStore.requireScope(scopeId);
        IndexedLane indexed = scopes.getOrDefault(scopeId, Map.of()).get(lane);
        return indexed == null ? List.of() : indexed.select(filter);
    }

    /** The scope's lanes (empty and unmodifiable when it has none), after validating both ids. */
    private Map<ReingestionTier, IndexedLane> scope(String scopeId, String memoryId) {
        MemoryStore.requireScope(scopeId);
        if (memoryId == null || memoryId.isBlank()) {
            throw SilasException.invalid("memory_id", "must not be blank");
        }
        return scopes.getOrDefault(scopeId, Map.of());
    }

    private static @Nullable MemoryItem find(Map<ReingestionTier, IndexedLane> lanes, String memoryId) {
        for (IndexedLane lane : lanes.values()) {
            MemoryItem item = lane.get(memoryId);
            if (item != null) {
                return item;
            }
        }
        return null;
    }
}
