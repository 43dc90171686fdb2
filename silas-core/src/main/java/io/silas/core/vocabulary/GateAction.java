package io.silas.core.vocabulary;

/** A gate's decision (docs/contracts.md#gates). */
public enum GateAction {
    CONTINUE,
    BLOCK,
    REQUIRE_APPROVAL
}
