package io.silas.core.proactivity;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.util.List;

/**
 * The user's decision on a batch (docs/contracts.md#proactivity-and-autonomy). {@code selected_item_ids} is required
 * (non-empty) for
 * {@code edit_selection} and ignored — normalised to empty — for the other verdicts.
 */
public record BatchActionDecision(BatchActionVerdict verdict, List<String> selectedItemIds) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param verdict         the verdict
     * @param selectedItemIds the selected item ids
     */
    public BatchActionDecision {
        Checks.nonNull(verdict, "verdict");
        selectedItemIds = Checks.indexedList(selectedItemIds, "selected_item_ids");
        if (verdict == BatchActionVerdict.EDIT_SELECTION && selectedItemIds.isEmpty()) {
            throw SilasException.invalid("selected_item_ids", "is required for edit_selection");
        }
        if (verdict != BatchActionVerdict.EDIT_SELECTION) {
            selectedItemIds = List.of();
        }
    }

    /** {@return the safe default when no answer arrives} */
    public static BatchActionDecision decline() {
        return new BatchActionDecision(BatchActionVerdict.DECLINE, List.of());
    }
}
