package io.silas.core.vocabulary;

/**
 * Risk of an actionable card (docs/contracts.md#cards), assigned deterministically by the harness from scope and
 * reversibility, never by a model. Higher levels demand more confirmation friction.
 */
public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH,
    IRREVERSIBLE
}
