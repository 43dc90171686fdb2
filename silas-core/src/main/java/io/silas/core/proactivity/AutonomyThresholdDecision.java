package io.silas.core.proactivity;

/**
 * The user's answer to an autonomy proposal (docs/contracts.md#proactivity-and-autonomy). {@code tighten_now} is the
 * single-tap rollback and is always allowed; a timeout counts as {@code decline} — never an implicit widen.
 */
public enum AutonomyThresholdDecision {
    /** Wire value {@code approve}. */
    APPROVE,
    /** Wire value {@code decline}. */
    DECLINE,
    /** Wire value {@code tighten_now}. */
    TIGHTEN_NOW
}
