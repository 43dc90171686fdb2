package io.silas.core.proactivity;

/** The user's verdict on a reviewed batch (spec §3.11). A timeout or disconnect counts as {@code decline}. */
public enum BatchActionVerdict {
    APPROVE,
    DECLINE,
    EDIT_SELECTION
}
