package io.silas.core.approval;

/** The user's decision on an approval request (docs/contracts.md#keys-approvals-and-nonces). Only {@code approved} authorises anything. */
public enum ApprovalVerdict {
    APPROVED,
    DECLINED,
    EDIT_REQUESTED,
    CONDITIONAL
}
