package io.silas.core.context;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One metadata-tagged block of a scope's context window (docs/contracts.md#context-window), immutable. Chronicle
 * entries, injected memories, plans, execution results and materialised subscriptions are all context items. Masking,
 * pinning and re-scoring produce copies through the {@code withX} methods; only the harness calls them, never the
 * agent.
 *
 * <p>{@code memory_id} is an addition of this SDK: memory-zone items carry the id of the
 * {@code MemoryItem} they were retrieved from, so that injections are de-duplicated by memory id (turn
 * step 9). Secrets never appear in a context item (docs/contracts.md#secrets); content is stored as given.
 *
 * @param ctxId unique id within the scope (harness tracking)
 * @param zone the zone this item belongs to
 * @param content the text, or the placeholder after observation masking
 * @param tokenCount pre-counted size, {@code >= 0}
 * @param createdAt when the item was added
 * @param turnNumber turn in which it was created, {@code >= 0}
 * @param source origin label, e.g. {@code channel:web}, {@code memory:profile}, {@code agent:planner}
 * @param taint trust propagated from the source
 * @param kind content type
 * @param relevance retriever score, finite and {@code >= 0}; {@code 1.0} for live content
 * @param masked whether the content was replaced by an observation-masking placeholder
 * @param pinned whether the harness protects this item from eviction
 * @param memoryId the memory this block was retrieved from, for memory-zone items
 */
public record ContextItem(
        String ctxId,
        ContextZone zone,
        String content,
        int tokenCount,
        Instant createdAt,
        int turnNumber,
        String source,
        TaintLevel taint,
        ContextKind kind,
        double relevance,
        boolean masked,
        boolean pinned,
        @Nullable String memoryId) {

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param ctxId      unique id within the scope (harness tracking)
     * @param zone       the zone this item belongs to
     * @param content    the text, or the placeholder after observation masking
     * @param tokenCount pre-counted size, {
     * @param createdAt  when the item was added
     * @param turnNumber turn in which it was created, {
     * @param source     origin label, e.g. {
     * @param taint      trust propagated from the source
     * @param kind       content type
     * @param relevance  retriever score, finite and {
     * @param masked     whether the content was replaced by an observation-masking placeholder
     * @param pinned     whether the harness protects this item from eviction
     * @param memoryId   the memory this block was retrieved from, for memory-zone items /
public
     */
    public ContextItem {
        nonBlank(ctxId, "ctx_id");
        nonNull(zone, "zone");
        nonNull(content, "content");
        if (tokenCount < 0) {
            throw SilasException.invalid("token_count", "must be >= 0");
        }
        nonNull(createdAt, "created_at");
        if (turnNumber < 0) {
            throw SilasException.invalid("turn_number", "must be >= 0");
        }
        nonBlank(source, "source");
        nonNull(taint, "taint");
        nonNull(kind, "kind");
        if (!Double.isFinite(relevance) || relevance < 0) {
            throw SilasException.invalid("relevance", "must be a finite number >= 0");
        }
        if (memoryId != null && memoryId.isBlank()) {
            throw SilasException.invalid("memory_id", "must not be blank when present");
        }
    }

    /**
     * {@return a live (relevance 1.0), unmasked, unpinned item}
     *
     * @param ctxId unique id within the scope (harness tracking)
     * @param zone the zone the fields are read in; {@code null} = the scheduler's configured zone ({@code scheduler.timezone})
     * @param kind what happened
     * @param content content to store or update
     * @param tokenCount pre-counted size, {@code >= 0}
     * @param source how the value was decided
     * @param taint trust propagated from the source
     * @param turnNumber the scope's turn counter for this turn ({@code 0} for a message consumed as a card reply)
     * @param createdAt when the record was created
     */
    public static ContextItem live(String ctxId, ContextZone zone, ContextKind kind, String content, int tokenCount,
                                   String source, TaintLevel taint, int turnNumber, Instant createdAt) {
        return new ContextItem(ctxId, zone, content, tokenCount, createdAt, turnNumber, source, taint, kind, 1.0,
                false, false, null);
    }

    /**
     * {@return a copy whose content is replaced by an observation-masking placeholder of the given size}
     *
     * @param placeholder the placeholder
     * @param placeholderTokens the placeholder tokens
     */
    public ContextItem withMasked(String placeholder, int placeholderTokens) {
        return new ContextItem(ctxId, zone, placeholder, placeholderTokens, createdAt, turnNumber, source, taint, kind,
                relevance, true, pinned, memoryId);
    }

    /**
     * {@return a copy with the pinned flag set as given}
     *
     * @param pin the pin
     */
    public ContextItem withPinned(boolean pin) {
        return new ContextItem(ctxId, zone, content, tokenCount, createdAt, turnNumber, source, taint, kind, relevance,
                masked, pin, memoryId);
    }

    /**
     * {@return a copy with a new relevance score}
     *
     * @param score the score
     */
    public ContextItem withRelevance(double score) {
        return new ContextItem(ctxId, zone, content, tokenCount, createdAt, turnNumber, source, taint, kind, score,
                masked, pinned, memoryId);
    }
}
