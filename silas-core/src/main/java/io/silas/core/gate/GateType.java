package io.silas.core.gate;

/** What kind of check a gate performs (docs/contracts.md#gates). */
public enum GateType {
    /** The value falls within configured numeric ranges. */
    NUMERIC_RANGE,
    /** The value is in the allowed / approval string sets. */
    STRING_MATCH,
    /** The value matches a regular expression. */
    REGEX,
    /** A file exists inside permitted directories and meets criteria. */
    FILE_VALID,
    /** Always requires human approval. */
    APPROVAL_ALWAYS,
    /** Evaluated by a script or callable. */
    CUSTOM_CHECK
}
