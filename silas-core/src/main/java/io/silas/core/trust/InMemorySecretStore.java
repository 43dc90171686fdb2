package io.silas.core.trust;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link SecretStore} over a concurrent map of private char arrays, wiped on replace and delete. */
final class InMemorySecretStore implements SecretStore {
    private final ConcurrentMap<String, char[]> values = new ConcurrentHashMap<>();

    @Override
    public void put(String ref, SecretValue value) {
        SecretStore.requireValidRef(ref);
        char[] copy = value.revealChars();
        char[] previous = values.put(ref, copy);
        if (previous != null) {
            Arrays.fill(previous, '\0');
        }
    }

    @Override
    public Optional<SecretValue> get(String ref) {
        SecretStore.requireValidRef(ref);
        char[][] found = new char[1][];
        values.computeIfPresent(ref, (k, v) -> {
            found[0] = v.clone();
            return v;
        });
        if (found[0] == null) {
            return Optional.empty();
        }
        SecretValue value = SecretValue.copyOf(found[0]);
        Arrays.fill(found[0], '\0');
        return Optional.of(value);
    }

    @Override
    public boolean delete(String ref) {
        SecretStore.requireValidRef(ref);
        char[] removed = values.remove(ref);
        if (removed == null) {
            return false;
        }
        Arrays.fill(removed, '\0');
        return true;
    }

    @Override
    public boolean contains(String ref) {
        SecretStore.requireValidRef(ref);
        return values.containsKey(ref);
    }
}
