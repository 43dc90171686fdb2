package io.silas.core.channel;

import io.silas.core.proactivity.SuggestionOutcome;
import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Offers a proactive suggestion (docs/contracts.md#proactivity-and-autonomy). Actions: {@code accept}, {@code not_now},
 * {@code dismiss}; safe value {@code not_now}; default timeout 300 s. Accepting never executes anything by
 * itself: it starts the normal plan and approval flow.
 *
 * @param suggestionId the suggestion offered
 * @param origin the scope the suggestion is for, shown to the owner
 */
public record SuggestionCard(String cardId, String suggestionId, String intent, RiskLevel riskLevel,
                             String rationale, List<CardAction> actions, @Nullable String details,
                             int timeoutSeconds, @Nullable CardOrigin origin) implements Card {
    /** Accept ({@value}). */
    public static final String ACCEPT = "accept";
    /** Not now ({@value}). */
    public static final String NOT_NOW = "not_now";
    /** Dismiss ({@value}). */
    public static final String DISMISS = "dismiss";
    /** Default timeout seconds ({@value}). */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private static final List<String> VALUES = List.of(ACCEPT, NOT_NOW, DISMISS);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId         the card answered
     * @param suggestionId   the suggestion offered
     * @param intent         the intent
     * @param riskLevel      {@code medium} or {@code high}, per the rule above
     * @param rationale      the rationale
     * @param actions        the actions
     * @param details        the details
     * @param timeoutSeconds request timeout (8)
     * @param origin         the scope the suggestion is for, shown to the owner /
public
     */
    public SuggestionCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(suggestionId, "suggestion_id");
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * {@return a card with the default labels ("Do it", "Not now", "Dismiss") and the 300 s timeout}
     *
     * @param cardId the card answered
     * @param suggestionId the suggestion offered
     * @param intent the intent
     * @param riskLevel {@code medium} or {@code high}, per the rule above
     * @param rationale the rationale
     */
    public static SuggestionCard of(String cardId, String suggestionId, String intent, RiskLevel riskLevel,
                                    String rationale) {
        return new SuggestionCard(cardId, suggestionId, intent, riskLevel, rationale,
                Cards.labelled(VALUES, List.of("Do it", "Not now", "Dismiss")), null, DEFAULT_TIMEOUT_SECONDS, null);
    }

    /**
     * {@return this card showing whom it is for}
     *
     * @param from the from
     */
    public SuggestionCard withOrigin(CardOrigin from) {
        return new SuggestionCard(cardId, suggestionId, intent, riskLevel, rationale, actions, details,
                timeoutSeconds, from);
    }

    @Override
    public String safeValue() {
        return NOT_NOW;
    }

    /**
     * {@return the suggestion outcome: a default (timeout etc.) counts as {@code deferred}}
     *
     * @param answer the answer
     */
    public static SuggestionOutcome outcome(CardAnswer answer) {
        if (!answer.ownerAuthenticated()) {
            return SuggestionOutcome.DEFERRED;
        }
        return switch (answer.value()) {
            case ACCEPT -> SuggestionOutcome.ACCEPTED;
            case DISMISS -> SuggestionOutcome.DISMISSED;
            default -> SuggestionOutcome.DEFERRED;
        };
    }
}
