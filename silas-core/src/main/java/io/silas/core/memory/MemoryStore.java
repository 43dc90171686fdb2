package io.silas.core.memory;

import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Optional;

/**
 * Long-term memories per scope (docs/contracts.md#stream-and-turns, #memory), in two lanes: the <b>active</b> lane
 * feeds normal retrieval and context injection; the <b>raw</b> {@link ReingestionTier#LOW_REINGESTION} lane archives
 * raw conversation, tool output and research queries durably but is read only by {@link #searchRaw}, never by {@link
 * #searchKeyword}, {@link #searchSession} or {@link #listByType}.
 *
 * <p><b>Isolation.</b> A memory belongs to its {@code scope_id}; it is identified by (scope, memory id), and
 * every read names one scope and returns only that scope's memories. The same id or content in another
 * scope is a different memory and is never returned, updated or deleted through this one.
 *
 * <p><b>Keyword search.</b> The query is split into {@link #keywords keywords} (runs of letters and digits,
 * at most {@value #MAX_QUERY_TERMS}); a memory matches if its content or semantic tags contain any keyword,
 * case- and accent-insensitively, as a whole word. Results are best first, ties in storage order. User text
 * is only ever searched for literally: operators and syntax of the underlying engine ({@code OR},
 * {@code NEAR(}, quotes, {@code *}) have no effect. Each keyword contributes only its
 * {@link #candidatesPerKeyword newest} matching memories of the scope and lane (a word that hundreds of memories
 * share says little about which one is meant, and reading all of them would make every search grow with the scope's
 * history); a rare word's memories are all found, however old. Among those candidates, every store ranks by the
 * number of distinct keywords matched (the database stores then by storage order); the in-memory store then by how
 * often they occur.
 *
 * <p><b>Modification rules.</b> {@link #store} accepts only active-lane items and {@link #storeRaw} only raw
 * ones; {@link #update} cannot move an item between lanes (re-ingestion is an explicit delete and store). A
 * {@link TrustLevel#CONSTITUTIONAL} memory is written once with {@code store} and then never updated or
 * deleted, and no update may make a memory constitutional. Whether a {@code verified} memory may change
 * (owner action) is decided by the caller's gated memory operations, not here.
 *
 * <p><b>Errors.</b> Null arguments, blank ids, a negative limit, a memory id already stored in the scope, the
 * wrong lane or a broken modification rule are {@code INVALID_INPUT} and nothing is written; updating an
 * unknown memory is {@code NOT_FOUND}. Durable implementations may also throw the {@code DB_*} codes.
 *
 * <p>Reads do not count as accesses: the caller records retrievals with {@link MemoryItem#withAccess} and
 * {@link #update}. Implementations are thread-safe; each call is atomic.
 */
public interface MemoryStore {
    /** The most keywords of one query that are searched for; later ones are ignored. */
    int MAX_QUERY_TERMS = 32;
    /** The newest matching memories per keyword that a search considers (more when a larger limit asks for more). */
    int CANDIDATES_PER_KEYWORD = 256;

    /**
     * Stores a new active-lane memory; returns its id.
     *
     * @param item the work item
     * @return the string
     */
    String store(MemoryItem item);

    /**
     * Stores several new active-lane memories, in order, as {@link #store} does each. A database store writes them in
     * one transaction (one durable commit instead of one per item: the context manager stores a turn's evicted items
     * this way); the default stores them one by one.
     *
     * @param items the items
     */
    default void storeAll(List<MemoryItem> items) {
        for (MemoryItem item : items) {
            store(item);
        }
    }

    /**
     * Appends a raw memory to the {@link ReingestionTier#LOW_REINGESTION} lane; returns its id.
     *
     * @param item the work item
     * @return the string
     */
    String storeRaw(MemoryItem item);

    /**
     * {@return the memory with this id in the scope, from either lane}
     *
     * @param scopeId the scope the call belongs to
     * @param memoryId target memory (update, delete, link)
     */
    Optional<MemoryItem> get(String scopeId, String memoryId);

    /**
     * Replaces the stored memory with the same scope and id.
     *
     * @param item the work item
     */
    void update(MemoryItem item);

    /**
     * Deletes the memory; returns whether it existed.
     *
     * @param scopeId the scope the call belongs to
     * @param memoryId target memory (update, delete, link)
     * @return whether it holds
     */
    boolean delete(String scopeId, String memoryId);

    /**
     * {@return how many of a keyword's newest matching memories a search of {@code limit} results considers:
     * {@value #CANDIDATES_PER_KEYWORD}, or {@code limit} when more results are asked for}
     *
     * @param limit the limit
     */
    static int candidatesPerKeyword(int limit) {
        return Math.max(limit, CANDIDATES_PER_KEYWORD);
    }

    /**
     * Active-lane memories of the scope that match the query, best first, at most {@code limit}.
     *
     * @param scopeId the scope the call belongs to
     * @param query search text
     * @param limit the limit
     * @return the list
     */
    List<MemoryItem> searchKeyword(String scopeId, String query, int limit);

    /**
     * Raw-lane memories of the scope that match the query, best first, at most {@code limit}.
     *
     * @param scopeId the scope the call belongs to
     * @param query search text
     * @param limit the limit
     * @return the list
     */
    List<MemoryItem> searchRaw(String scopeId, String query, int limit);

    /**
     * Active-lane memories of the scope created in the session, in storage order.
     *
     * @param scopeId the scope the call belongs to
     * @param sessionId session the memory was created in
     * @return the list
     */
    List<MemoryItem> searchSession(String scopeId, String sessionId);

    /**
     * Active-lane memories of the scope of one type (e.g. the profile to pin on rehydration), in storage order.
     *
     * @param scopeId the scope the call belongs to
     * @param type the type
     * @return the list
     */
    List<MemoryItem> listByType(String scopeId, MemoryType type);

    /** {@return a thread-safe in-memory store (lost on restart; for tests and ephemeral hosts)} */
    static MemoryStore inMemory() {
        return new InMemoryMemoryStore();
    }

    /**
     * {@return the keywords a search looks for: maximal runs of letters, digits and private-use characters, lower-cased
     * without accents, distinct, in first-seen order, at most {@value #MAX_QUERY_TERMS}} Empty for a query
     * without any letter or digit (which then matches nothing).
     *
     * @param query search text
     */
    static List<String> keywords(String query) {
        if (query == null) {
            throw SilasException.invalid("query", "must not be null");
        }
        return Keywords.distinct(query, MAX_QUERY_TERMS);
    }

    /**
     * {@return every word of the text as {@link #keywords} folds them (lower case, no accents), in order and with repeats: what
     * a durable store indexes so that its matching agrees with the in-memory store's}
     *
     * @param text the text
     */
    static List<String> words(String text) {
        if (text == null) {
            throw SilasException.invalid("text", "must not be null");
        }
        return Keywords.words(text);
    }

    /**
     * Checks that the item may be written by {@link #store} (lane {@code ACTIVE}) or {@link #storeRaw}
     * (lane {@code LOW_REINGESTION}); returns it. Shared by implementations so that they reject alike.
     *
     * @param item the work item
     * @param lane the lane
     * @return the memory item
     */
    static MemoryItem requireLane(MemoryItem item, ReingestionTier lane) {
        if (item == null) {
            throw SilasException.invalid("memory_item", "must not be null");
        }
        if (item.reingestionTier() != lane) {
            throw SilasException.invalid("reingestion_tier", lane == ReingestionTier.ACTIVE
                    ? "store accepts active-lane memories only; use storeRaw for the raw lane"
                    : "storeRaw accepts low_reingestion memories only; use store for the active lane");
        }
        return item;
    }

    /**
     * Checks the {@link #update} rules for replacing {@code stored} with {@code replacement} (same scope and
     * id): same lane, and no constitutional memory on either side.
     *
     * @param stored the checkpoints stored in the log, in any order
     * @param replacement the replacement
     */
    static void requireUpdatable(MemoryItem stored, MemoryItem replacement) {
        if (stored.trustLevel() == TrustLevel.CONSTITUTIONAL) {
            throw SilasException.invalid("trust_level", "constitutional memories cannot be modified at runtime");
        }
        if (replacement.trustLevel() == TrustLevel.CONSTITUTIONAL) {
            throw SilasException.invalid("trust_level", "a memory cannot be made constitutional at runtime");
        }
        if (stored.reingestionTier() != replacement.reingestionTier()) {
            throw SilasException.invalid("reingestion_tier", "update cannot move a memory between lanes");
        }
    }

    /**
     * Checks that the stored memory may be deleted (it is not constitutional).
     *
     * @param stored the checkpoints stored in the log, in any order
     */
    static void requireDeletable(MemoryItem stored) {
        if (stored.trustLevel() == TrustLevel.CONSTITUTIONAL) {
            throw SilasException.invalid("trust_level", "constitutional memories cannot be deleted at runtime");
        }
    }

    /**
     * Validates a scope id argument and returns it; null or blank is {@code INVALID_INPUT}.
     *
     * @param scopeId the scope the call belongs to
     * @return the string
     */
    static String requireScope(String scopeId) {
        if (scopeId == null || scopeId.isBlank()) {
            throw SilasException.invalid("scope_id", "must not be blank");
        }
        return scopeId;
    }
}
