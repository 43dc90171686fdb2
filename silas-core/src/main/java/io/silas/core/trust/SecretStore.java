package io.silas.core.trust;

import io.silas.core.error.SilasException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where secrets live: credentials collected through secure input, the owner's private signing keyset.
 * Everything else in the SDK refers to a secret only by its opaque {@code ref}.
 *
 * <p>Refs are 1–200 characters of {@code [A-Za-z0-9._:@/-]} starting with a letter or digit; anything else is
 * {@code INVALID_INPUT}. {@link #put} stores a copy (the caller keeps, and should close, its own
 * {@link SecretValue}); {@link #get} returns a new {@link SecretValue} the caller must close.
 *
 * <p><b>Security guarantees.</b> Implementations never write a secret value into logs, exception messages,
 * audit data or {@code toString()}; only refs appear there. The embedded default
 * ({@link #encryptedFile(Path, MasterKeySource)}) encrypts each value with AES-256-GCM under a master key kept
 * outside the data dir, binds each ciphertext to its ref, writes atomically with file mode 0600, and fails
 * closed ({@code SECRET_STORE_FAILURE}) on a wrong master key or a tampered entry; it never silently returns
 * "absent" for a value it cannot decrypt. Implementations are thread-safe.
 */
public interface SecretStore {
    /**
     * Stores (or replaces) the secret under {@code ref}.
     *
     * @param ref the ref
     * @param value the new value
     */
    void put(String ref, SecretValue value);

    /**
     * {@return the secret under {@code ref}, or empty if there is none} The caller must close the returned value.
     *
     * @param ref the ref
     */
    Optional<SecretValue> get(String ref);

    /**
     * Removes the secret; returns whether one was stored.
     *
     * @param ref the ref
     * @return whether it holds
     */
    boolean delete(String ref);

    /**
     * {@return whether a secret is stored under {@code ref}}
     *
     * @param ref the ref
     */
    boolean contains(String ref);

    /** {@return a thread-safe in-memory store (lost on restart; for tests and ephemeral hosts)} */
    static SecretStore inMemory() {
        return new InMemorySecretStore();
    }

    /**
     * Opens (or creates) the encrypted file store {@code secrets.enc.json} in {@code dataDir}. The master key is
     * read once from {@code masterKey}, must not live inside {@code dataDir}, and must match the store if it
     * already exists.
     *
     * @param dataDir the data directory ({@code ./data}); holds {@code silas.db}
     * @param masterKey the master key
     * @return the secret store
     * @throws SilasException {@code SECRET_STORE_FAILURE} naming the problem (missing key, loose key-file
     *     permissions, key inside the data dir, wrong key, unreadable store)
     */
    static SecretStore encryptedFile(Path dataDir, MasterKeySource masterKey) {
        return EncryptedFileSecretStore.open(dataDir, masterKey);
    }

    /**
     * Validates a ref and returns it.
     *
     * @param ref the ref
     * @return the string
     */
    static String requireValidRef(String ref) {
        if (ref == null || !RefRule.PATTERN.matcher(ref).matches()) {
            throw SilasException.invalid("ref", "must be 1-200 characters of [A-Za-z0-9._:@/-] starting with a "
                    + "letter or digit");
        }
        return ref;
    }

    /** Holder of the ref pattern. */
    final class RefRule {
        static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}");

        private RefRule() {
        }
    }
}
