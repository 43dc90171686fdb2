package io.silas.core.memory;

/**
 * What kind of knowledge a {@link MemoryItem} holds (docs/contracts.md#memory). Behavioural defaults are
 * {@link #PREFERENCE} items tagged {@code behavior:...}; evicted context is stored as {@link #EPISODE}.
 */
public enum MemoryType {
    FACT,
    EPISODE,
    PREFERENCE,
    SKILL_NOTE,
    DECISION,
    FORESIGHT,
    PROFILE
}
