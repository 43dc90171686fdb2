package io.silas.core.approval;

/** The user's decision on an approval request (spec §3.6). Only {@code approved} authorises anything. */
public enum ApprovalVerdict {
    APPROVED,
    DECLINED,
    EDIT_REQUESTED,
    CONDITIONAL
}
