package io.silas.core.gate;

/**
 * The evaluation lane of a gate (docs/contracts.md#gates). Derived from the provider: {@code llm} runs in the
 * {@code quality} lane unless promoted, every other provider in the {@code policy} lane.
 *
 * <p><b>Security guarantees:</b> only policy-lane results can block, require approval or rewrite context;
 * the gate runner ignores (and audits) any such action coming from the quality lane.
 */
public enum GateLane {
    /** Blocking and deterministic: may continue, block or require approval. */
    POLICY,
    /** Advisory: may only continue, with an optional score and flags. */
    QUALITY
}
