package io.silas.core.channel;

import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Connection setup: asks the user to authorise in the browser; the skill script catches the redirect on a loopback
 * port (docs/contracts.md#cards, #connections). Actions: {@code done}, {@code trouble}, {@code cancel}; safe value
 * {@code cancel}.
 *
 * <p>Security guarantees: carries the authorisation URL only, never a code or token from the redirect.
 *
 * @param authUrl the authorisation URL to open
 */
public record BrowserRedirectCard(String cardId, String authUrl, String intent, RiskLevel riskLevel,
                                  String rationale, List<CardAction> actions, @Nullable String details,
                                  int timeoutSeconds) implements Card {
    /** Done ({@value}). */
    public static final String DONE = "done";
    /** Trouble ({@value}). */
    public static final String TROUBLE = "trouble";
    /** Cancel ({@value}). */
    public static final String CANCEL = "cancel";
    private static final List<String> VALUES = List.of(DONE, TROUBLE, CANCEL);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId         the card answered
     * @param authUrl        the authorisation URL to open /
public
     * @param intent         the intent
     * @param riskLevel      {@code medium} or {@code high}, per the rule above
     * @param rationale      the rationale
     * @param actions        the actions
     * @param details        the details
     * @param timeoutSeconds request timeout (8)
     */
    public BrowserRedirectCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(authUrl, "auth_url");
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * {@return a low-risk card with the default labels ("I signed in", "Having trouble", "Cancel setup")}
     *
     * @param cardId the card answered
     * @param service the service display name
     * @param authUrl the authorisation URL to open
     * @param timeoutSeconds request timeout (8)
     */
    public static BrowserRedirectCard of(String cardId, String service, String authUrl, int timeoutSeconds) {
        return new BrowserRedirectCard(cardId, authUrl, "Connect " + service, RiskLevel.LOW,
                "Open " + authUrl + " and sign in to allow access.",
                Cards.labelled(VALUES, List.of("I signed in", "Having trouble", "Cancel setup")), null,
                timeoutSeconds);
    }

    @Override
    public String safeValue() {
        return CANCEL;
    }
}
