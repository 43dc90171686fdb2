package io.silas.core.vocabulary;

/**
 * Risk of an actionable card (docs/contracts.md#cards), assigned deterministically by the harness from scope and
 * reversibility, never by a model. Higher levels demand more confirmation friction.
 */
public enum RiskLevel {
    /** Wire value {@code low}. */
    LOW,
    /** Wire value {@code medium}. */
    MEDIUM,
    /** Wire value {@code high}. */
    HIGH,
    /** Wire value {@code irreversible}. */
    IRREVERSIBLE
}
