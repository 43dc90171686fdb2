package io.silas.core.vocabulary;

/** A gate's decision (spec §3.4). */
public enum GateAction {
    CONTINUE,
    BLOCK,
    REQUIRE_APPROVAL
}
