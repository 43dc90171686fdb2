package io.silas.core.channel;

import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Connection setup: an informational status update (docs/contracts.md#cards, #connections). Single action {@code
 * dismiss}, which is also the safe value; nothing depends on the answer.
 *
 * @param message status text
 * @param progressPct completion percentage in {@code [0, 100]}, if known
 */
public record ProgressCard(String cardId, String message, @Nullable Double progressPct, String intent,
                           RiskLevel riskLevel, String rationale, List<CardAction> actions, @Nullable String details,
                           int timeoutSeconds) implements Card {
    /** Dismiss ({@value}). */
    public static final String DISMISS = "dismiss";
    private static final List<String> VALUES = List.of(DISMISS);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId         the card answered
     * @param message        status text
     * @param progressPct    completion percentage in {
     * @param intent         the intent
     * @param riskLevel      {@code medium} or {@code high}, per the rule above
     * @param rationale      the rationale
     * @param actions        the actions
     * @param details        the details
     * @param timeoutSeconds request timeout (8)
     */
    public ProgressCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(message, "message");
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * {@return a low-risk card labelled "OK"}
     *
     * @param cardId the card answered
     * @param service the service display name
     * @param message the message
     * @param progressPct completion percentage in {@code [0, 100]}, if known
     * @param timeoutSeconds request timeout (8)
     */
    public static ProgressCard of(String cardId, String service, String message, @Nullable Double progressPct,
                                  int timeoutSeconds) {
        String rationale = progressPct == null ? message : message + " (" + Math.round(progressPct) + "%)";
        return new ProgressCard(cardId, message, progressPct, "Connecting " + service, RiskLevel.LOW, rationale,
                Cards.labelled(VALUES, List.of("OK")), null, timeoutSeconds);
    }

    @Override
    public String safeValue() {
        return DISMISS;
    }
}
