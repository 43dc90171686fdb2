package io.silas.core.context;

/**
 * What one {@code enforceBudget} call did (docs/contracts.md#context-window), for telemetry and tests.
 *
 * @param usageBefore total tokens before
 * @param usageAfter total tokens after
 * @param masked tool results observation-masked
 * @param droppedAcks trivial acknowledgements dropped
 * @param evicted items evicted by zone policy, scorer or fallback
 * @param storedToMemory items (original content) stored to memory before masking or eviction
 * @param tier2 how tier 2 ran, if at all
 */
public record EvictionReport(int usageBefore, int usageAfter, int masked, int droppedAcks, int evicted,
                             int storedToMemory, Tier2 tier2) {
    /** Tier-2 outcome. */
    public enum Tier2 {
        /** Usage was below the eviction threshold after tier 1. */
        NOT_NEEDED,
        /** The scorer's evict groups were applied (and sufficed). */
        SCORER,
        /** No scorer, a scorer failure or timeout, an open breaker, or insufficient scorer evictions. */
        FALLBACK
    }
}
