package io.silas.core.agent;

/** Retrieval strategy of a {@link MemoryQuery} (spec §3.2). */
public enum MemoryQueryStrategy {
    SEMANTIC,
    TEMPORAL,
    SESSION,
    KEYWORD
}
