package io.silas.core.memory;

/**
 * The ingestion lane of a {@link MemoryItem} (docs/contracts.md#memory).
 *
 * <p>{@link #ACTIVE} items take part in normal retrieval and may be injected into context.
 * {@link #LOW_REINGESTION} is the raw archive lane (conversation, tool output, research queries): stored
 * durably but never auto-injected; it is read only by an explicit raw query or a replay/import workflow.
 */
public enum ReingestionTier {
    /** Wire value {@code active}. */
    ACTIVE,
    /** Wire value {@code low_reingestion}. */
    LOW_REINGESTION
}
