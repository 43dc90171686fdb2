package io.silas.core.agent;

/** What an agent wants to do with a plan (docs/contracts.md#stream-and-turns). */
public enum PlanActionType {
    PROPOSE,
    REVISE,
    EXECUTE_NEXT,
    ABORT
}
