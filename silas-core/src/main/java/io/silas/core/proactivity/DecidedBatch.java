package io.silas.core.proactivity;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;

/**
 * A reviewed batch with the decision the user gave on it, as the {@link ReviewQueueStore} keeps it once decided
 * (docs/contracts.md#batch-review). An {@code edit_selection} decision names a strict subset of the batch's items.
 *
 * <p><b>Security guarantees:</b> a decided batch authorises nothing. Executing an approved (or edited) batch needs a
 * fresh approval token bound to the hash of exactly the batch — or of {@link BatchProposal#withSelectedItems the
 * selection} — that the approval engine verifies.
 *
 * @param batch the batch exactly as it was queued
 * @param decision the user's decision (a timeout or disconnect is recorded as {@code decline})
 */
public record DecidedBatch(BatchProposal batch, BatchActionDecision decision) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param batch    the batch exactly as it was queued
     * @param decision the user's decision (a timeout or disconnect is recorded as {
     */
    public DecidedBatch {
        Checks.nonNull(batch, "batch");
        Checks.nonNull(decision, "decision");
        if (decision.verdict() == BatchActionVerdict.EDIT_SELECTION) {
            try {
                batch.withSelectedItems(decision.selectedItemIds());
            } catch (SilasException e) {
                throw SilasException.invalid("decision.selected_item_ids", "must be a non-empty strict subset of "
                        + "the batch");
            }
        }
    }
}
