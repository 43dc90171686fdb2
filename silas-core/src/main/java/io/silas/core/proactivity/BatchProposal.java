package io.silas.core.proactivity;

import io.silas.core.approval.BatchSubject;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reviewed batch of one domain action over several items (docs/contracts.md#proactivity-and-autonomy). Items are
 * non-empty with distinct ids; {@code confidence_min} is within [0, 1] and not above any item's confidence.
 *
 * <p><b>Security guarantees:</b> an approval binds the batch through {@code ProposalHashes.batchHash} — goal,
 * action, ordered item ids and count — never through {@code batch_id}, which is metadata. Editing the
 * selection ({@link #withSelectedItems}) yields a different hash and therefore needs a fresh approval.
 */
public record BatchProposal(String batchId, String goalId, String action, List<BatchActionItem> items,
                            String reasonSummary, double confidenceMin, Instant createdAt) implements BatchSubject {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param batchId       the batch under review
     * @param goalId        the goal id
     * @param action        what the agent wants to do
     * @param items         the items
     * @param reasonSummary the reason summary
     * @param confidenceMin the confidence min
     * @param createdAt     when the record was created
     */
    public BatchProposal {
        Checks.nonBlank(batchId, "batch_id");
        Checks.nonBlank(goalId, "goal_id");
        Checks.nonBlank(action, "action");
        items = Checks.indexedList(items, "items");
        if (items.isEmpty()) {
            throw SilasException.invalid("items", "must not be empty");
        }
        Set<String> ids = new HashSet<>();
        for (BatchActionItem item : items) {
            if (!ids.add(item.itemId())) {
                throw SilasException.invalid("items", "duplicate item_id '" + item.itemId() + "'");
            }
            if (confidenceMin > item.confidence()) {
                throw SilasException.invalid("confidence_min", "exceeds the confidence of item " + item.itemId());
            }
        }
        reasonSummary = reasonSummary == null ? "" : reasonSummary;
        Checks.unitInterval(confidenceMin, "confidence_min");
        Checks.nonNull(createdAt, "created_at");
    }

    /** The hash a {@code batch} approval binds ({@link ProposalHashes#batchHash}). */
    @Override
    public String subjectHash() {
        return ProposalHashes.batchHash(this);
    }

    /**
     * Item ids in batch order.
     *
     * @return the list
     */
    public List<String> itemIds() {
        return items.stream().map(BatchActionItem::itemId).toList();
    }

    /**
     * {@return the batch narrowed to a strict, non-empty subset of its items, in the order of {@code selectedIds}
     * (docs/contracts.md#batch-review edit-selection)} {@code confidence_min} is recomputed over the selection.
     *
     * @param selectedIds the selected ids
     */
    public BatchProposal withSelectedItems(List<String> selectedIds) {
        List<String> selection = Checks.indexedList(selectedIds, "selected_item_ids");
        if (selection.isEmpty() || selection.size() >= items.size()) {
            throw SilasException.invalid("selected_item_ids", "must be a non-empty strict subset of the batch");
        }
        Map<String, BatchActionItem> byId = new LinkedHashMap<>();
        items.forEach(i -> byId.put(i.itemId(), i));
        Set<String> seen = new HashSet<>();
        List<BatchActionItem> chosen = new java.util.ArrayList<>();
        for (String id : selection) {
            BatchActionItem item = byId.get(id);
            if (item == null || !seen.add(id)) {
                throw SilasException.invalid("selected_item_ids", "unknown or repeated item '" + id + "'");
            }
            chosen.add(item);
        }
        double min = chosen.stream().mapToDouble(BatchActionItem::confidence).min().orElse(0);
        return new BatchProposal(batchId, goalId, action, chosen, reasonSummary, min, createdAt);
    }
}
