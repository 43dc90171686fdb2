package io.silas.core.approval;

/** The user's decision on an approval request (docs/contracts.md#keys-approvals-and-nonces). Only {@code approved} authorises anything. */
public enum ApprovalVerdict {
    /** Wire value {@code approved}. */
    APPROVED,
    /** Wire value {@code declined}. */
    DECLINED,
    /** Wire value {@code edit_requested}. */
    EDIT_REQUESTED,
    /** Wire value {@code conditional}. */
    CONDITIONAL
}
