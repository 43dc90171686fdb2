package io.silas.core.trust;

import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link NonceStore} backed by a concurrent map; {@code putIfAbsent} gives the atomic record. */
final class InMemoryNonceStore implements NonceStore {
    private final ConcurrentMap<String, Instant> records = new ConcurrentHashMap<>();

    @Override
    public boolean recordIfAbsent(String domain, String binding, Instant recordedAt) {
        String key = NonceStore.key(domain, binding);
        if (recordedAt == null) {
            throw SilasException.invalid("recorded_at", "must not be null");
        }
        return records.putIfAbsent(key, recordedAt) == null;
    }

    @Override
    public boolean waitsOnStorage() {
        return false;
    }

    @Override
    public boolean isUsed(String domain, String binding) {
        return records.containsKey(NonceStore.key(domain, binding));
    }

    @Override
    public int prune(Instant olderThan) {
        int removed = 0;
        for (var entry : records.entrySet()) {
            if (entry.getValue().isBefore(olderThan) && records.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        return removed;
    }
}
