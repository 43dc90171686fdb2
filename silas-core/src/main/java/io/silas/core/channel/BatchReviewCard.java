package io.silas.core.channel;

import io.silas.core.error.SilasException;
import io.silas.core.proactivity.BatchActionDecision;
import io.silas.core.proactivity.BatchActionItem;
import io.silas.core.proactivity.BatchActionVerdict;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.vocabulary.RiskLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Asks for a decision on a reviewed batch (docs/contracts.md#cards, #batch-review). Actions: {@code approve} (the whole
 * batch), {@code edit_selection} (only some items), {@code decline}; safe value {@code decline} (a timeout, a
 * disconnect, an invalid answer or a failed delivery declines, docs/contracts.md#cards); default timeout 300 s.
 *
 * <p><b>Selection.</b> Items whose confidence reaches the high band are pre-checked ({@code preselected_item_ids},
 * docs/contracts.md#cards: anomaly highlighting; the others are flagged in the details and left unchecked). A bare
 * {@code edit_selection} answer — the only form a plain text channel can send — means "only the pre-checked items". A
 * rich channel that lets the user tick items answers {@value #EDIT_PREFIX} followed by the chosen item ids,
 * comma-separated, e.g. {@code edit_selection:m2,m5}; {@link #action(String)} accepts such a value when the ids form a
 * non-empty, strict, duplicate-free subset of the batch, so it resolves like a listed action and anything else resolves
 * to {@code decline}. {@link #decision} turns the answer into a {@link BatchActionDecision}; an edit that names no
 * valid strict subset (e.g. nothing or everything pre-checked) declines.
 *
 * <p><b>Security guarantees:</b> a card is a question, not an approval. An {@code approve} or {@code edit_selection}
 * decision authorises nothing: executing the batch needs a fresh approval token bound to the exact (selected) batch
 * hash ({@code ProposalHashes.batchHash}) that the approval engine verifies. Cards carry ids, titles and reasons only.
 *
 * @param batchId the batch under review
 * @param itemIds every item id of the batch, in batch order
 * @param preselectedItemIds the pre-checked items, in batch order (a subset of {@code itemIds}, possibly empty or all)
 * @param origin the scope the batch belongs to, shown to the owner
 */
public record BatchReviewCard(String cardId, String batchId, List<String> itemIds, List<String> preselectedItemIds,
                              String intent, RiskLevel riskLevel, String rationale, List<CardAction> actions,
                              @Nullable String details, int timeoutSeconds, @Nullable CardOrigin origin)
        implements Card {
    /** Approve ({@value}). */
    public static final String APPROVE = "approve";
    /** Edit selection ({@value}). */
    public static final String EDIT_SELECTION = "edit_selection";
    /** Decline ({@value}). */
    public static final String DECLINE = "decline";
    /** Prefix of an {@code edit_selection} answer that names the chosen item ids. */
    public static final String EDIT_PREFIX = "edit_selection:";
    /** Default timeout seconds ({@value}). */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private static final List<String> VALUES = List.of(APPROVE, EDIT_SELECTION, DECLINE);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId             the card answered
     * @param batchId            the batch under review
     * @param itemIds            every item id of the batch, in batch order
     * @param preselectedItemIds the pre-checked items, in batch order (a subset of {
     * @param intent             the intent
     * @param riskLevel          {@code medium} or {@code high}, per the rule above
     * @param rationale          the rationale
     * @param actions            the actions
     * @param details            the details
     * @param timeoutSeconds     request timeout (8)
     * @param origin             the scope the batch belongs to, shown to the owner /
public
     */
    public BatchReviewCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(batchId, "batch_id");
        itemIds = Cards.strings(itemIds, "item_ids");
        if (itemIds.isEmpty() || new HashSet<>(itemIds).size() != itemIds.size()) {
            throw SilasException.invalid("item_ids", "must be non-empty and distinct");
        }
        preselectedItemIds = Cards.strings(preselectedItemIds, "preselected_item_ids");
        if (!itemIds.containsAll(preselectedItemIds)
                || new HashSet<>(preselectedItemIds).size() != preselectedItemIds.size()) {
            throw SilasException.invalid("preselected_item_ids", "must be distinct items of the batch");
        }
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * {@return the card for {@code batch}: items with confidence at least {@code highConfidenceMin} are pre-checked; the
     * details list every item (title, reason, confidence) and flag the unchecked ones} Labels: "Approve all N",
     * "Only the K pre-checked", "Decline"; 300 s.
     *
     * @param cardId the card answered
     * @param batch the batch exactly as it was queued
     * @param riskLevel {@code medium} or {@code high}, per the rule above
     * @param highConfidenceMin {@code batch_review.confidence.high_min}, within [0, 1], two decimals
     */
    public static BatchReviewCard of(String cardId, BatchProposal batch, RiskLevel riskLevel,
                                     double highConfidenceMin) {
        List<String> preselected = new ArrayList<>();
        StringBuilder details = new StringBuilder();
        for (BatchActionItem item : batch.items()) {
            boolean checked = item.confidence() >= highConfidenceMin;
            if (checked) {
                preselected.add(item.itemId());
            }
            details.append(checked ? "[x] " : "[ ] ").append(item.itemId()).append(": ").append(item.title())
                    .append(String.format(Locale.ROOT, " (confidence %.2f)", item.confidence()));
            if (!item.reason().isBlank()) {
                details.append(" - ").append(item.reason());
            }
            if (!checked) {
                details.append(" [check]");
            }
            details.append('\n');
        }
        int size = batch.items().size();
        String rationale = batch.reasonSummary().isBlank()
                ? String.format(Locale.ROOT, "%d items; lowest confidence %.2f.", size, batch.confidenceMin())
                : batch.reasonSummary();
        return new BatchReviewCard(cardId, batch.batchId(), batch.itemIds(), preselected,
                batch.action() + " " + size + " items", riskLevel, rationale,
                Cards.labelled(VALUES, List.of(batch.action() + " all " + size,
                        "Only the " + preselected.size() + " pre-checked", "Decline")),
                details.toString().strip(), DEFAULT_TIMEOUT_SECONDS, null);
    }

    /**
     * {@return this card showing whom it is for}
     *
     * @param from the from
     */
    public BatchReviewCard withOrigin(CardOrigin from) {
        return new BatchReviewCard(cardId, batchId, itemIds, preselectedItemIds, intent, riskLevel, rationale, actions,
                details, timeoutSeconds, from);
    }

    @Override
    public String safeValue() {
        return DECLINE;
    }

    /** A listed action, or the {@code edit_selection} action for a valid {@value #EDIT_PREFIX}ids value. */
    @Override
    public @Nullable CardAction action(String value) {
        if (value != null && value.startsWith(EDIT_PREFIX)) {
            return selection(value) == null ? null : actions.get(1);
        }
        return Card.super.action(value);
    }

    /**
     * {@return the decision an answer stands for: any default or {@code decline} declines; {@code approve} approves the
     * batch; an edit selects the named ids, or the pre-checked items for a bare {@code edit_selection}, and declines
     * when that is not a non-empty strict subset of the batch}
     *
     * @param answer the answer
     */
    public BatchActionDecision decision(CardAnswer answer) {
        if (!answer.ownerAuthenticated()) {
            return BatchActionDecision.decline();
        }
        if (answer.value().equals(APPROVE)) {
            return new BatchActionDecision(BatchActionVerdict.APPROVE, List.of());
        }
        List<String> selected = answer.value().equals(EDIT_SELECTION) ? strictSubset(preselectedItemIds)
                : answer.value().startsWith(EDIT_PREFIX) ? selection(answer.value()) : null;
        return selected == null ? BatchActionDecision.decline()
                : new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION, selected);
    }

    /** The ids named by an {@value #EDIT_PREFIX} value, or null unless they form a valid strict subset. */
    private @Nullable List<String> selection(String value) {
        String list = value.substring(EDIT_PREFIX.length());
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : list.split(",", -1)) {
            String id = raw.strip();
            if (id.isEmpty() || !itemIds.contains(id) || !seen.add(id)) {
                return null;
            }
            ids.add(id);
        }
        return strictSubset(ids);
    }

    private @Nullable List<String> strictSubset(List<String> ids) {
        return ids.isEmpty() || ids.size() >= itemIds.size() ? null : List.copyOf(ids);
    }
}
