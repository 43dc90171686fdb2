package io.silas.core.memory;

/**
 * What kind of knowledge a {@link MemoryItem} holds (docs/contracts.md#memory). Behavioural defaults are
 * {@link #PREFERENCE} items tagged {@code behavior:...}; evicted context is stored as {@link #EPISODE}.
 */
public enum MemoryType {
    /** Wire value {@code fact}. */
    FACT,
    /** Wire value {@code episode}. */
    EPISODE,
    /** Wire value {@code preference}. */
    PREFERENCE,
    /** Wire value {@code skill_note}. */
    SKILL_NOTE,
    /** Wire value {@code decision}. */
    DECISION,
    /** Wire value {@code foresight}. */
    FORESIGHT,
    /** Wire value {@code profile}. */
    PROFILE
}
