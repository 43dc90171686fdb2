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
    public static final String ACCEPT = "accept";
    public static final String NOT_NOW = "not_now";
    public static final String DISMISS = "dismiss";
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private static final List<String> VALUES = List.of(ACCEPT, NOT_NOW, DISMISS);

    public SuggestionCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(suggestionId, "suggestion_id");
        actions = Cards.actions(actions, VALUES);
    }

    /** A card with the default labels ("Do it", "Not now", "Dismiss") and the 300 s timeout. */
    public static SuggestionCard of(String cardId, String suggestionId, String intent, RiskLevel riskLevel,
                                    String rationale) {
        return new SuggestionCard(cardId, suggestionId, intent, riskLevel, rationale,
                Cards.labelled(VALUES, List.of("Do it", "Not now", "Dismiss")), null, DEFAULT_TIMEOUT_SECONDS, null);
    }

    /** This card showing whom it is for. */
    public SuggestionCard withOrigin(CardOrigin from) {
        return new SuggestionCard(cardId, suggestionId, intent, riskLevel, rationale, actions, details,
                timeoutSeconds, from);
    }

    @Override
    public String safeValue() {
        return NOT_NOW;
    }

    /** The suggestion outcome: a default (timeout etc.) counts as {@code deferred}. */
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
