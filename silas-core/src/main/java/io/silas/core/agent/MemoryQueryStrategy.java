package io.silas.core.agent;

/** Retrieval strategy of a {@link MemoryQuery} (docs/contracts.md#stream-and-turns). */
public enum MemoryQueryStrategy {
    /** Wire value {@code semantic}. */
    SEMANTIC,
    /** Wire value {@code temporal}. */
    TEMPORAL,
    /** Wire value {@code session}. */
    SESSION,
    /** Wire value {@code keyword}. */
    KEYWORD
}
