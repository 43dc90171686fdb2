package io.silas.core.work;

/** The kinds of progress a {@link WorkItemExecutor} reports; wire values are the lower-case names. */
public enum WorkProgress {
    /** An attempt started (the item is {@code running}). */
    RUNNING,
    /** An attempt finished but its verification failed; another attempt may follow. */
    VERIFICATION_FAILED,
    /** The item finished and verification passed. */
    DONE,
    /** A goal cycle found every check passing. */
    HEALTHY,
    /** The item cannot run (no valid approval, a blocking gate, a missing dependency or artifact, a decline). */
    BLOCKED,
    /** Attempts or budget ran out before verification passed. */
    STUCK,
    /** The item failed for good (a project task failed, a goal check failed without a fix). */
    FAILED
}
