package io.silas.core.agent;

/** What an agent wants to do with a plan (spec §3.2). */
public enum PlanActionType {
    PROPOSE,
    REVISE,
    EXECUTE_NEXT,
    ABORT
}
