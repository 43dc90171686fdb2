package io.silas.core.proactivity;

/** The user's verdict on a reviewed batch (docs/contracts.md#proactivity-and-autonomy). A timeout or disconnect counts as {@code decline}. */
public enum BatchActionVerdict {
    /** Wire value {@code approve}. */
    APPROVE,
    /** Wire value {@code decline}. */
    DECLINE,
    /** Wire value {@code edit_selection}. */
    EDIT_SELECTION
}
