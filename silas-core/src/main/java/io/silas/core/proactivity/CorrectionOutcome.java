package io.silas.core.proactivity;

/**
 * A correction signal for autonomy calibration (docs/contracts.md#proactivity-and-autonomy). Correction rate =
 * (edit_selection + declined + undo) / total per action family.
 */
public enum CorrectionOutcome {
    /** Wire value {@code approved}. */
    APPROVED,
    /** Wire value {@code edit_selection}. */
    EDIT_SELECTION,
    /** Wire value {@code declined}. */
    DECLINED,
    /** Wire value {@code undo}. */
    UNDO
}
