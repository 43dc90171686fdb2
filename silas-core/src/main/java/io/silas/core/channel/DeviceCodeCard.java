package io.silas.core.channel;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Connection setup: shows a device code the user enters on the service's site (docs/contracts.md#cards, #connections).
 * Actions:
 * {@code done}, {@code trouble}, {@code cancel}; safe value {@code cancel} — a timeout or a disconnect cancels the
 * setup, never completes it.
 *
 * <p>Security guarantees: carries only the public code and URL; the token the service issues never reaches a card.
 *
 * @param verificationUrl where the user enters the code
 * @param userCode the code to enter
 * @param expiresIn seconds until the code expires
 */
public record DeviceCodeCard(String cardId, String verificationUrl, String userCode, int expiresIn, String intent,
                             RiskLevel riskLevel, String rationale, List<CardAction> actions,
                             @Nullable String details, int timeoutSeconds) implements Card {
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
     * @param cardId          the card answered
     * @param verificationUrl where the user enters the code
     * @param userCode        the code to enter
     * @param expiresIn       seconds until the code expires /
public
     * @param intent          the intent
     * @param riskLevel       {@code medium} or {@code high}, per the rule above
     * @param rationale       the rationale
     * @param actions         the actions
     * @param details         the details
     * @param timeoutSeconds  request timeout (8)
     */
    public DeviceCodeCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(verificationUrl, "verification_url");
        Cards.text(userCode, "user_code");
        if (expiresIn <= 0) {
            throw SilasException.invalid("expires_in", "must be > 0 seconds");
        }
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * {@return a low-risk card with the default labels ("I entered the code", "Having trouble", "Cancel setup")}
     *
     * @param cardId the card answered
     * @param service the service display name
     * @param verificationUrl where the user enters the code
     * @param userCode the code to enter
     * @param expiresIn seconds until the code expires
     * @param timeoutSeconds request timeout (8)
     */
    public static DeviceCodeCard of(String cardId, String service, String verificationUrl, String userCode,
                                    int expiresIn, int timeoutSeconds) {
        return new DeviceCodeCard(cardId, verificationUrl, userCode, expiresIn, "Connect " + service,
                RiskLevel.LOW, "Open " + verificationUrl + " and enter the code " + userCode + ".",
                Cards.labelled(VALUES, List.of("I entered the code", "Having trouble", "Cancel setup")), null,
                timeoutSeconds);
    }

    @Override
    public String safeValue() {
        return CANCEL;
    }
}
