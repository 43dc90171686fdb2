package io.silas.core.channel;

import io.silas.core.approval.ApprovalVerdict;
import io.silas.core.proactivity.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Asks the owner to approve a plan (spec §5.1 plan approval flow). Actions: {@code approve}, {@code decline};
 * safe value {@code decline}; default timeout 300 s. Only {@code approve} answered by the user counts as
 * approval ({@link #verdict}).
 *
 * @param workItemId the work item whose plan is approved
 * @param planHash the plan hash shown to the user and bound by the token that follows approval
 * @param affectedItems count/summary of affected items, if applicable
 */
public record PlanApprovalCard(String cardId, String workItemId, String planHash, String intent, RiskLevel riskLevel,
                               String rationale, List<CardAction> actions, @Nullable String affectedItems,
                               @Nullable String details, int timeoutSeconds) implements Card {
    public static final String APPROVE = "approve";
    public static final String DECLINE = "decline";
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private static final List<String> VALUES = List.of(APPROVE, DECLINE);

    public PlanApprovalCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(workItemId, "work_item_id");
        Cards.text(planHash, "plan_hash");
        actions = Cards.actions(actions, VALUES);
    }

    /** A card with the default labels ("Approve + execute", "Decline") and the 300 s timeout. */
    public static PlanApprovalCard of(String cardId, String workItemId, String planHash, String intent,
                                      RiskLevel riskLevel, String rationale, @Nullable String details) {
        return new PlanApprovalCard(cardId, workItemId, planHash, intent, riskLevel, rationale,
                Cards.labelled(VALUES, List.of("Approve + execute", "Decline")), null, details,
                DEFAULT_TIMEOUT_SECONDS);
    }

    @Override
    public String safeValue() {
        return DECLINE;
    }

    /** {@code approved} only for a user's {@code approve}; everything else is {@code declined}. */
    public static ApprovalVerdict verdict(CardAnswer answer) {
        return !answer.defaulted() && APPROVE.equals(answer.value()) ? ApprovalVerdict.APPROVED
                : ApprovalVerdict.DECLINED;
    }
}
