package io.silas.core.context;

import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Durable conversation history per scope (docs/contracts.md#context-window), read back on restart to rehydrate each
 * scope's chronicle zone (docs/contracts.md#startup-and-rehydration). Entries are {@link ContextItem}s of zone {@link
 * ContextZone#CHRONICLE}, stored exactly as given.
 *
 * <p><b>Order.</b> Entries are ordered by {@code created_at}; entries with equal timestamps keep the order in
 * which they were appended (an insertion sequence breaks ties), so reads are stable even under a coarse or
 * fixed clock.
 *
 * <p><b>Isolation.</b> Every read names one scope and returns only that scope's entries; the same
 * {@code ctx_id} may be used in two scopes without interference. {@link #knownScopes()} lists scope ids
 * only, for rehydration to iterate.
 *
 * <p><b>Errors.</b> Null arguments, blank scope ids, a negative limit, an entry outside the chronicle zone,
 * or a {@code ctx_id} already appended to the scope are {@code INVALID_INPUT}, and nothing is written.
 * Durable implementations may also throw the {@code DB_*} codes.
 *
 * <p>Implementations are thread-safe; each call is atomic.
 */
public interface ChronicleStore {
    /** How long entries are kept by default before {@link #pruneBefore(Instant)} removes them (docs/contracts.md#context-window). */
    Duration DEFAULT_RETENTION = Duration.ofDays(90);

    /**
     * Appends an entry to the scope's chronicle.
     *
     * @param scopeId the scope the call belongs to
     * @param item the work item
     */
    void append(String scopeId, ContextItem item);

    /**
     * The most recent {@code limit} entries of the scope, oldest first.
     *
     * @param scopeId the scope the call belongs to
     * @param limit the limit
     * @return the list
     * @throws SilasException {@code INVALID_INPUT} when {@code limit < 0}
     */
    List<ContextItem> getRecent(String scopeId, int limit);

    /**
     * Removes the scope's entries created strictly before {@code cutoff}; returns how many were removed.
     *
     * @param scopeId the scope the call belongs to
     * @param cutoff the cutoff
     * @return the int
     */
    int pruneBefore(String scopeId, Instant cutoff);

    /**
     * Removes every scope's entries created strictly before {@code cutoff} (retention); returns the count.
     *
     * @param cutoff the cutoff
     * @return the int
     */
    int pruneBefore(Instant cutoff);

    /** {@return the ids of scopes that have at least one entry, sorted} */
    List<String> knownScopes();

    /** {@return a thread-safe in-memory store (lost on restart; for tests and ephemeral hosts)} */
    static ChronicleStore inMemory() {
        return new InMemoryChronicleStore();
    }

    /**
     * Validates the arguments of {@link #append} (shared by implementations so that they reject alike).
     *
     * @param scopeId the scope the call belongs to
     * @param item the work item
     * @return the scope id
     */
    static String requireEntry(String scopeId, ContextItem item) {
        MemoryStore.requireScope(scopeId);
        if (item == null) {
            throw SilasException.invalid("item", "must not be null");
        }
        if (item.zone() != ContextZone.CHRONICLE) {
            throw SilasException.invalid("zone", "chronicle entries must be in the chronicle zone");
        }
        return scopeId;
    }

    /**
     * Validates a limit argument and returns it.
     *
     * @param limit the limit
     * @return the int
     */
    static int requireLimit(int limit) {
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        return limit;
    }
}
