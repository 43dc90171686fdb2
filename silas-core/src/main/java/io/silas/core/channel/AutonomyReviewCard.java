package io.silas.core.channel;

import io.silas.core.proactivity.AutonomyThresholdDecision;
import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Presents an autonomy-threshold proposal for review (docs/contracts.md#cards, #proactivity-and-autonomy). Actions:
 * {@code approve},
 * {@code tighten_now}, {@code decline}; safe value {@code decline}; default timeout 300 s. An approval still
 * needs a verified {@code autonomy_threshold} token before anything changes.
 *
 * @param proposalId the proposal under review
 * @param origin the scope whose thresholds would change, shown to the owner
 */
public record AutonomyReviewCard(String cardId, String proposalId, String intent, RiskLevel riskLevel,
                                 String rationale, List<CardAction> actions, @Nullable String details,
                                 int timeoutSeconds, @Nullable CardOrigin origin) implements Card {
    /** Approve ({@value}). */
    public static final String APPROVE = "approve";
    /** Tighten now ({@value}). */
    public static final String TIGHTEN_NOW = "tighten_now";
    /** Decline ({@value}). */
    public static final String DECLINE = "decline";
    /** Default timeout seconds ({@value}). */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private static final List<String> VALUES = List.of(APPROVE, TIGHTEN_NOW, DECLINE);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId         the card answered
     * @param proposalId     the proposal under review
     * @param intent         the intent
     * @param riskLevel      {@code medium} or {@code high}, per the rule above
     * @param rationale      the rationale
     * @param actions        the actions
     * @param details        the details
     * @param timeoutSeconds request timeout (8)
     * @param origin         the scope whose thresholds would change, shown to the owner /
public
     */
    public AutonomyReviewCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(proposalId, "proposal_id");
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * {@return a card with the default labels ("Apply change", "Tighten approvals", "Keep as is") and 300 s}
     *
     * @param cardId the card answered
     * @param proposalId the proposal under review
     * @param intent the intent
     * @param riskLevel {@code medium} or {@code high}, per the rule above
     * @param rationale the rationale
     * @param details the details
     */
    public static AutonomyReviewCard of(String cardId, String proposalId, String intent, RiskLevel riskLevel,
                                        String rationale, @Nullable String details) {
        return new AutonomyReviewCard(cardId, proposalId, intent, riskLevel, rationale,
                Cards.labelled(VALUES, List.of("Apply change", "Tighten approvals", "Keep as is")), details,
                DEFAULT_TIMEOUT_SECONDS, null);
    }

    /**
     * {@return this card showing whom it is for}
     *
     * @param from the from
     */
    public AutonomyReviewCard withOrigin(CardOrigin from) {
        return new AutonomyReviewCard(cardId, proposalId, intent, riskLevel, rationale, actions, details,
                timeoutSeconds, from);
    }

    @Override
    public String safeValue() {
        return DECLINE;
    }

    /**
     * {@return the decision: any default declines}
     *
     * @param answer the answer
     */
    public static AutonomyThresholdDecision decision(CardAnswer answer) {
        if (!answer.ownerAuthenticated()) {
            return AutonomyThresholdDecision.DECLINE;
        }
        return switch (answer.value()) {
            case APPROVE -> AutonomyThresholdDecision.APPROVE;
            case TIGHTEN_NOW -> AutonomyThresholdDecision.TIGHTEN_NOW;
            default -> AutonomyThresholdDecision.DECLINE;
        };
    }
}
