package io.silas.core.channel;

import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.vocabulary.RiskLevel;
import io.silas.core.work.PlanHashes;
import io.silas.core.work.PlanRisk;
import io.silas.core.work.WorkItem;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Asks the owner to approve a plan (docs/contracts.md#stream-and-turns). Actions: {@code approve}, {@code decline};
 * safe value {@code decline}; default timeout 300 s. Only {@code approve} answered by the user counts as
 * approval ({@link #verdict}).
 *
 * @param workItemId the work item whose plan is approved
 * @param planHash the plan hash shown to the user and bound by the token that follows approval
 * @param affectedItems count/summary of affected items, if applicable
 * @param contents what the approved plan runs: command, checks (and which have network), gates, skills, imported
 *     artifacts, budget, and why the risk level is what it is; every channel must show it
 * @param origin the scope and the message (connection, sender, trust) the plan was proposed in, shown to the owner
 *
 * <p><b>Security guarantees:</b> a card built with {@link #forPlan} shows everything the plan hash binds that changes
 * what executes, and its risk is derived from it ({@link io.silas.core.work.PlanRisk}), never chosen by a model.
 */
public record PlanApprovalCard(String cardId, String workItemId, String planHash, String intent, RiskLevel riskLevel,
                               String rationale, List<CardAction> actions, @Nullable String affectedItems,
                               @Nullable String details, int timeoutSeconds, PlanContents contents,
                               @Nullable CardOrigin origin) implements Card {
    /** Approve ({@value}). */
    public static final String APPROVE = "approve";
    /** Decline ({@value}). */
    public static final String DECLINE = "decline";
    /** Default timeout seconds ({@value}). */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private static final List<String> VALUES = List.of(APPROVE, DECLINE);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId         the card answered
     * @param workItemId     the work item whose plan is approved
     * @param planHash       the plan hash shown to the user and bound by the token that follows approval
     * @param intent         the intent
     * @param riskLevel      {@code medium} or {@code high}, per the rule above
     * @param rationale      the rationale
     * @param actions        the actions
     * @param affectedItems  count/summary of affected items, if applicable
     * @param details        the details
     * @param timeoutSeconds request timeout (8)
     * @param contents       what the approved plan runs: command, checks (and which have network), gates, skills,
     *                       imported artifacts, budget, and why the risk level is what it is; every channel must show
     *                       it
     * @param origin         the scope and the message (connection, sender, trust) the plan was proposed in, shown to
     *                       the owner * <p><b>Security guarantees:</b> a card built with {
     */
    public PlanApprovalCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(workItemId, "work_item_id");
        Cards.text(planHash, "plan_hash");
        actions = Cards.actions(actions, VALUES);
        if (contents == null) {
            throw io.silas.core.error.SilasException.invalid("contents", "is required");
        }
    }

    /**
     * {@return the card for a stored plan: its id and plan hash, the title as intent, the risk derived from the plan, its
     * briefing as details and its full {@link PlanContents}}
     *
     * @param cardId the card answered
     * @param item the work item
     * @param rationale the rationale
     */
    public static PlanApprovalCard forPlan(String cardId, WorkItem item, String rationale) {
        return new PlanApprovalCard(cardId, item.id(), PlanHashes.planHash(item), item.title(),
                PlanRisk.of(item).level(), rationale, Cards.labelled(VALUES, List.of("Approve + execute", "Decline")),
                null, item.body().isBlank() ? null : item.body(), DEFAULT_TIMEOUT_SECONDS, PlanContents.of(item), null);
    }

    /**
     * {@return a card with the default labels ("Approve + execute", "Decline"), the 300 s timeout and
     * {@link PlanContents#unknown()} contents; plans of the runtime use {@link #forPlan}}
     *
     * @param cardId the card answered
     * @param workItemId the work item
     * @param planHash the plan hash shown to the user and bound by the token that follows approval
     * @param intent the intent
     * @param riskLevel {@code medium} or {@code high}, per the rule above
     * @param rationale the rationale
     * @param details the details
     */
    public static PlanApprovalCard of(String cardId, String workItemId, String planHash, String intent,
                                      RiskLevel riskLevel, String rationale, @Nullable String details) {
        return new PlanApprovalCard(cardId, workItemId, planHash, intent, riskLevel, rationale,
                Cards.labelled(VALUES, List.of("Approve + execute", "Decline")), null, details,
                DEFAULT_TIMEOUT_SECONDS, PlanContents.unknown(), null);
    }

    /**
     * {@return this card showing whom it is for}
     *
     * @param from the from
     */
    public PlanApprovalCard withOrigin(CardOrigin from) {
        return new PlanApprovalCard(cardId, workItemId, planHash, intent, riskLevel, rationale, actions,
                affectedItems, details, timeoutSeconds, contents, from);
    }

    @Override
    public String safeValue() {
        return DECLINE;
    }

    /**
     * {@code approved} only for an owner-authenticated {@code approve} ({@link CardAnswer#ownerAuthenticated()});
     * everything else is {@code declined}.
     *
     * @param answer the answer
     * @return the approval verdict
     */
    public static ApprovalVerdict verdict(CardAnswer answer) {
        return answer.ownerAuthenticated() && APPROVE.equals(answer.value()) ? ApprovalVerdict.APPROVED
                : ApprovalVerdict.DECLINED;
    }
}
