package io.silas.core.context;

/**
 * What a {@link ContextSubscription} points at (docs/contracts.md#context-window): a whole file, a line range of a file
 * ({@code path:start-end}), or a memory query that is re-run on every render.
 */
public enum SubscriptionType {
    /** Wire value {@code file}. */
    FILE,
    /** Wire value {@code file_lines}. */
    FILE_LINES,
    /** Wire value {@code memory_query}. */
    MEMORY_QUERY
}
