package io.silas.core.memory;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One long-term memory (docs/contracts.md#memory), immutable. Stores persist it; state changes produce copies through
 * the {@code withX} methods.
 *
 * <p>Java shape: the {@code list[float]} embedding of the wire form is a {@code List<Float>}; {@code scope_id} is an
 * addition of this SDK so that every store query can be filtered by scope (owner or connection) and no
 * memory crosses a customer boundary. Missing {@code reingestion_tier} and {@code trust_level} take the
 * defaults ({@code active}, {@code working}); {@code taint} has no default here (the wire form's {@code owner}
 * default would let a malformed record claim owner trust), so it must always be given.
 *
 * <p>Security guarantees: a {@link TrustLevel#CONSTITUTIONAL} item can never carry
 * {@link TaintLevel#EXTERNAL} taint; {@link #withContent} downgrades the taint to the least trusted of the
 * old and the new source and refuses to touch constitutional items.
 *
 * @param memoryId unique id
 * @param scopeId the scope that owns this memory ({@code owner} or a connection id)
 * @param content the memory text
 * @param memoryType classification
 * @param reingestionTier ingestion lane; {@code null} means {@link ReingestionTier#ACTIVE}
 * @param trustLevel trust tier; {@code null} means {@link TrustLevel#WORKING}
 * @param taint trust of the source that produced the content
 * @param createdAt creation time
 * @param updatedAt last modification, not before {@code createdAt}
 * @param validFrom start of temporal validity, if known
 * @param validUntil end of temporal validity, if known; not before {@code validFrom}
 * @param accessCount number of retrievals, {@code >= 0}
 * @param lastAccessed time of the last retrieval, if any
 * @param semanticTags tags for keyword and faceted search ({@code behavior:...} for preferences)
 * @param entityRefs referenced entity ids
 * @param causalRefs ids of causally related memories
 * @param temporalNext next memory in the temporal chain
 * @param temporalPrev previous memory in the temporal chain
 * @param sessionId session the memory was created in
 * @param embedding vector for semantic search, if computed
 * @param sourceKind input origin, e.g. {@link #CONVERSATION_RAW} or {@link #MEMORY_OP}
 */
public record MemoryItem(
        String memoryId,
        String scopeId,
        String content,
        MemoryType memoryType,
        ReingestionTier reingestionTier,
        TrustLevel trustLevel,
        TaintLevel taint,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant validFrom,
        @Nullable Instant validUntil,
        int accessCount,
        @Nullable Instant lastAccessed,
        List<String> semanticTags,
        List<String> entityRefs,
        List<String> causalRefs,
        @Nullable String temporalNext,
        @Nullable String temporalPrev,
        @Nullable String sessionId,
        @Nullable List<Float> embedding,
        String sourceKind) {

    /** Raw user message captured in the low-reingestion lane (turn step 3.5). */
    public static final String CONVERSATION_RAW = "conversation_raw";
    /** Raw agent response captured in the low-reingestion lane (turn step 11.5). */
    public static final String AGENT_RESPONSE_RAW = "agent_response_raw";
    /** Raw research query issued by a tool. */
    public static final String RESEARCH_QUERY_RAW = "research_query_raw";
    /** Raw external tool output. */
    public static final String TOOL_OUTPUT_RAW = "tool_output_raw";
    /** Written by an agent's {@code memory_ops}. */
    public static final String MEMORY_OP = "memory_op";

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param memoryId        unique id
     * @param scopeId         the scope that owns this memory ({
     * @param content         the memory text
     * @param memoryType      classification
     * @param reingestionTier ingestion lane; {
     * @param trustLevel      trust tier; {
     * @param taint           trust of the source that produced the content
     * @param createdAt       creation time
     * @param updatedAt       last modification, not before {
     * @param validFrom       start of temporal validity, if known
     * @param validUntil      end of temporal validity, if known; not before {
     * @param accessCount     number of retrievals, {
     * @param lastAccessed    time of the last retrieval, if any
     * @param semanticTags    tags for keyword and faceted search ({
     * @param entityRefs      referenced entity ids
     * @param causalRefs      ids of causally related memories
     * @param temporalNext    next memory in the temporal chain
     * @param temporalPrev    previous memory in the temporal chain
     * @param sessionId       session the memory was created in
     * @param embedding       vector for semantic search, if computed
     * @param sourceKind      input origin, e.g. {
     */
    public MemoryItem {
        nonBlank(memoryId, "memory_id");
        nonBlank(scopeId, "scope_id");
        nonBlank(content, "content");
        nonNull(memoryType, "memory_type");
        reingestionTier = reingestionTier == null ? ReingestionTier.ACTIVE : reingestionTier;
        trustLevel = trustLevel == null ? TrustLevel.WORKING : trustLevel;
        nonNull(taint, "taint");
        if (trustLevel == TrustLevel.CONSTITUTIONAL && taint == TaintLevel.EXTERNAL) {
            throw SilasException.invalid("taint", "a constitutional memory cannot come from external input");
        }
        nonNull(createdAt, "created_at");
        nonNull(updatedAt, "updated_at");
        if (updatedAt.isBefore(createdAt)) {
            throw SilasException.invalid("updated_at", "must not be before created_at");
        }
        if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
            throw SilasException.invalid("valid_until", "must not be before valid_from");
        }
        if (accessCount < 0) {
            throw SilasException.invalid("access_count", "must be >= 0");
        }
        semanticTags = list(semanticTags, "semantic_tags");
        entityRefs = list(entityRefs, "entity_refs");
        causalRefs = list(causalRefs, "causal_refs");
        if (embedding != null) {
            embedding = list(embedding, "embedding");
            if (embedding.isEmpty() || embedding.stream().anyMatch(f -> !Float.isFinite(f))) {
                throw SilasException.invalid("embedding", "must be a non-empty vector of finite numbers");
            }
        }
        nonBlank(sourceKind, "source_kind");
    }

    /**
     * {@return a new active-lane memory with the defaults: trust {@code working}, no validity window, no
     * links, never accessed}
     *
     * @param memoryId target memory (update, delete, link)
     * @param scopeId the scope the call belongs to
     * @param content content to store or update
     * @param memoryType classification; {@code null} means {@link MemoryType#EPISODE}
     * @param taint trust propagated from the source
     * @param sourceKind input origin, e.g. {@link #CONVERSATION_RAW} or {@link #MEMORY_OP}
     * @param now the current time
     */
    public static MemoryItem create(String memoryId, String scopeId, String content, MemoryType memoryType,
                                    TaintLevel taint, String sourceKind, Instant now) {
        return new MemoryItem(memoryId, scopeId, content, memoryType, ReingestionTier.ACTIVE, TrustLevel.WORKING,
                taint, now, now, null, null, 0, null, List.of(), List.of(), List.of(), null, null, null, null,
                sourceKind);
    }

    /**
     * {@return a raw {@link MemoryType#EPISODE} for the {@link ReingestionTier#LOW_REINGESTION} archive lane}
     *
     * @param memoryId target memory (update, delete, link)
     * @param scopeId the scope the call belongs to
     * @param content content to store or update
     * @param taint trust propagated from the source
     * @param sourceKind input origin, e.g. {@link #CONVERSATION_RAW} or {@link #MEMORY_OP}
     * @param sessionId session the memory was created in
     * @param now the current time
     */
    public static MemoryItem raw(String memoryId, String scopeId, String content, TaintLevel taint,
                                 String sourceKind, @Nullable String sessionId, Instant now) {
        return new MemoryItem(memoryId, scopeId, content, MemoryType.EPISODE, ReingestionTier.LOW_REINGESTION,
                TrustLevel.WORKING, taint, now, now, null, null, 0, null, List.of(), List.of(), List.of(), null,
                null, sessionId, null, sourceKind);
    }

    /**
     * {@return a copy recording one more retrieval at {@code at}}
     *
     * @param at when it happened (executor clock)
     */
    public MemoryItem withAccess(Instant at) {
        return new MemoryItem(memoryId, scopeId, content, memoryType, reingestionTier, trustLevel, taint, createdAt,
                updatedAt, validFrom, validUntil, accessCount + 1, at, semanticTags, entityRefs, causalRefs,
                temporalNext, temporalPrev, sessionId, embedding, sourceKind);
    }

    /**
     * A copy with new content from a source of the given taint. The taint becomes the less trusted of the
     * current and the source taint; the embedding is dropped because it no longer matches the content.
     *
     * @param newContent the new content
     * @param sourceTaint the source taint
     * @param at when it happened (executor clock)
     * @return the memory item
     * @throws SilasException {@code INVALID_INPUT} if this memory is constitutional
     */
    public MemoryItem withContent(String newContent, TaintLevel sourceTaint, Instant at) {
        if (trustLevel == TrustLevel.CONSTITUTIONAL) {
            throw SilasException.invalid("trust_level", "constitutional memories cannot be modified at runtime");
        }
        // TaintLevel is declared from most to least trusted, so the larger ordinal is the less trusted one.
        TaintLevel merged = nonNull(sourceTaint, "taint").compareTo(taint) > 0 ? sourceTaint : taint;
        return new MemoryItem(memoryId, scopeId, newContent, memoryType, reingestionTier, trustLevel, merged,
                createdAt, at, validFrom, validUntil, accessCount, lastAccessed, semanticTags, entityRefs, causalRefs,
                temporalNext, temporalPrev, sessionId, null, sourceKind);
    }

    /**
     * {@return a copy at a new trust level (promotion after owner confirmation, or demotion)}
     *
     * @param level the highest level any finding raised
     * @param at when it happened (executor clock)
     */
    public MemoryItem withTrustLevel(TrustLevel level, Instant at) {
        return new MemoryItem(memoryId, scopeId, content, memoryType, reingestionTier, nonNull(level, "trust_level"),
                taint, createdAt, at,
                validFrom, validUntil, accessCount, lastAccessed, semanticTags, entityRefs, causalRefs, temporalNext,
                temporalPrev, sessionId, embedding, sourceKind);
    }
}
