package io.silas.core.proactivity;

/**
 * A correction signal for autonomy calibration (docs/contracts.md#proactivity-and-autonomy). Correction rate =
 * (edit_selection + declined + undo) / total per action family.
 */
public enum CorrectionOutcome {
    APPROVED,
    EDIT_SELECTION,
    DECLINED,
    UNDO
}
