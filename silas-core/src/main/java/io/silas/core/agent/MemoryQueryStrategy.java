package io.silas.core.agent;

/** Retrieval strategy of a {@link MemoryQuery} (docs/contracts.md#stream-and-turns). */
public enum MemoryQueryStrategy {
    SEMANTIC,
    TEMPORAL,
    SESSION,
    KEYWORD
}
