package io.silas.core.memory;

/**
 * What kind of knowledge a {@link MemoryItem} holds (spec §3.8). Behavioural defaults are
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
