package io.silas.core.channel;

import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Connection setup: the final result (docs/contracts.md#cards, #connections). Single action {@code dismiss}, also the
 * safe value. Showing it changes nothing: the connection becomes {@code active} only through a verified
 * {@code connection_manage} approval.
 *
 * @param success whether setup succeeded
 * @param summary user-facing summary
 * @param permissionsGranted service scopes granted
 */
public record CompletionCard(String cardId, boolean success, String summary, List<String> permissionsGranted,
                             String intent, RiskLevel riskLevel, String rationale, List<CardAction> actions,
                             @Nullable String details, int timeoutSeconds) implements Card {
    /** Dismiss ({@value}). */
    public static final String DISMISS = "dismiss";
    private static final List<String> VALUES = List.of(DISMISS);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId             the card answered
     * @param success            whether setup succeeded
     * @param summary            user-facing summary
     * @param permissionsGranted service scopes granted /
public
     * @param intent             the intent
     * @param riskLevel          {@code medium} or {@code high}, per the rule above
     * @param rationale          the rationale
     * @param actions            the actions
     * @param details            the details
     * @param timeoutSeconds     request timeout (8)
     */
    public CompletionCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(summary, "summary");
        permissionsGranted = Cards.strings(permissionsGranted, "permissions_granted");
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * {@return a low-risk card labelled "OK" listing the granted scopes}
     *
     * @param cardId the card answered
     * @param service the service display name
     * @param success whether setup succeeded
     * @param summary user-facing summary
     * @param permissionsGranted service scopes granted
     * @param timeoutSeconds request timeout (8)
     */
    public static CompletionCard of(String cardId, String service, boolean success, String summary,
                                    List<String> permissionsGranted, int timeoutSeconds) {
        String granted = permissionsGranted.isEmpty() ? "" : " Granted: " + String.join(", ", permissionsGranted) + ".";
        return new CompletionCard(cardId, success, summary, permissionsGranted,
                (success ? "Connected " : "Could not connect ") + service, RiskLevel.LOW, summary + granted,
                Cards.labelled(VALUES, List.of("OK")), null, timeoutSeconds);
    }

    @Override
    public String safeValue() {
        return DISMISS;
    }
}
