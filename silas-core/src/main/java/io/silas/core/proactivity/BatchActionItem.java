package io.silas.core.proactivity;

import io.silas.core.error.Checks;
import java.time.Instant;

/** One item of a reviewed batch (docs/contracts.md#proactivity-and-autonomy); {@code confidence} is within [0, 1]. */
public record BatchActionItem(String itemId, String title, String actor, Instant occurredAt, String reason,
                              double confidence) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param itemId     the item id
     * @param title      the title
     * @param actor      the actor
     * @param occurredAt the occurred at
     * @param reason     why, in a short phrase
     * @param confidence confidence bands of batch items
     */
    public BatchActionItem {
        Checks.nonBlank(itemId, "items.item_id");
        title = title == null ? "" : title;
        actor = actor == null ? "" : actor;
        Checks.nonNull(occurredAt, "items.occurred_at");
        reason = reason == null ? "" : reason;
        Checks.unitInterval(confidence, "items.confidence");
    }
}
