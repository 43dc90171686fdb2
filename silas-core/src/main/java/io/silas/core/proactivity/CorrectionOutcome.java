package io.silas.core.proactivity;

/**
 * A correction signal for autonomy calibration (spec §4.23). Correction rate = (edit_selection + declined +
 * undo) / total per action family.
 */
public enum CorrectionOutcome {
    APPROVED,
    EDIT_SELECTION,
    DECLINED,
    UNDO
}
