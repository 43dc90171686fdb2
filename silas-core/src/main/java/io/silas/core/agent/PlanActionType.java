package io.silas.core.agent;

/** What an agent wants to do with a plan (docs/contracts.md#stream-and-turns). */
public enum PlanActionType {
    /** Wire value {@code propose}. */
    PROPOSE,
    /** Wire value {@code revise}. */
    REVISE,
    /** Wire value {@code execute_next}. */
    EXECUTE_NEXT,
    /** Wire value {@code abort}. */
    ABORT
}
