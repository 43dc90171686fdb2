package io.silas.core.work;

/**
 * How assertively Silas proceeds (spec §0.5.7, §3.2). Work items carry it as their execution interaction
 * policy; the turn pipeline resolves the effective mode in exactly one place.
 */
public enum InteractionMode {
    /** Pick the best default, then present alternatives. */
    DEFAULT_AND_OFFER,
    /** Execute within policy and approval boundaries and report outcomes. */
    ACT_AND_REPORT,
    /** Ask only when policy, risk or irreversibility requires confirmation. */
    CONFIRM_ONLY_WHEN_REQUIRED
}
