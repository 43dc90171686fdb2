package io.silas.core.context;

/**
 * The four zones of a scope's context window (docs/contracts.md#context-window), rendered in this order. Zones are a
 * harness concept: the agent sees tagged blocks, never zones, and cannot evict or pin anything.
 *
 * <ul>
 *   <li>{@link #SYSTEM}: constitution, tool descriptions, persona directives; capped at
 *       {@link TokenBudget#systemMax()}, never evicted.</li>
 *   <li>{@link #CHRONICLE}: conversation history; oldest-first with observation masking.</li>
 *   <li>{@link #MEMORY}: retrieved memories; lowest relevance first, pinned items kept.</li>
 *   <li>{@link #WORKSPACE}: plans, execution results, subscriptions; completed before active.</li>
 * </ul>
 */
public enum ContextZone {
    /** Wire value {@code system}. */
    SYSTEM,
    /** Wire value {@code chronicle}. */
    CHRONICLE,
    /** Wire value {@code memory}. */
    MEMORY,
    /** Wire value {@code workspace}. */
    WORKSPACE
}
