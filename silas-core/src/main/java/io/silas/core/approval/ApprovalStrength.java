package io.silas.core.approval;

/**
 * User-verification strength of an approval (docs/contracts.md#keys-approvals-and-nonces). In this version every scope
 * uses {@code tap}; the strength is signed into the token so it cannot be upgraded afterwards. It controls UX friction,
 * never authorisation semantics.
 */
public enum ApprovalStrength {
    /** Wire value {@code tap}. */
    TAP
}
