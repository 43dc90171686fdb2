package io.silas.core.vocabulary;

/** A gate's decision (docs/contracts.md#gates). */
public enum GateAction {
    /** Wire value {@code continue}. */
    CONTINUE,
    /** Wire value {@code block}. */
    BLOCK,
    /** Wire value {@code require_approval}. */
    REQUIRE_APPROVAL
}
