package io.silas.core.channel;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.RiskLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Connection setup or health failure with recovery options as chips (docs/contracts.md#cards, #connections). The
 * actions are the recovery options in the order given, and must end with {@code skip}, which is also the safe value: a
 * timeout or a disconnect never starts a recovery.
 *
 * @param failureType the classified cause ({@code consent_denied}, {@code token_revoked}, ..., {@code unknown})
 * @param service the service display name
 * @param message what went wrong
 */
public record ConnectionFailureCard(String cardId, String failureType, String service, String message, String intent,
                                    RiskLevel riskLevel, String rationale, List<CardAction> actions,
                                    @Nullable String details, int timeoutSeconds) implements Card {
    /** Skip ({@value}). */
    public static final String SKIP = "skip";

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId         the card answered
     * @param failureType    the classified cause ({
     * @param service        the service display name
     * @param message        what went wrong /
public
     * @param intent         the intent
     * @param riskLevel      {@code medium} or {@code high}, per the rule above
     * @param rationale      the rationale
     * @param actions        the actions
     * @param details        the details
     * @param timeoutSeconds request timeout (8)
     */
    public ConnectionFailureCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(failureType, "failure_type");
        Cards.text(service, "service");
        Cards.text(message, "message");
        if (actions == null || actions.isEmpty() || actions.stream().anyMatch(Objects::isNull)) {
            throw SilasException.invalid("actions", "must be non-empty recovery options");
        }
        actions = List.copyOf(actions);
        if (!actions.get(actions.size() - 1).value().equals(SKIP)
                || actions.stream().filter(a -> a.value().equals(SKIP)).count() != 1
                || actions.stream().map(CardAction::value).distinct().count() != actions.size()) {
            throw SilasException.invalid("actions", "must be distinct and end with the only " + SKIP);
        }
    }

    /**
     * {@return a card whose chips are {@code chips} followed by {@code skip} (added when missing)}
     *
     * @param cardId the card answered
     * @param failureType the classified cause ({@code consent_denied}, {@code token_revoked}, ..., {@code unknown})
     * @param service the service display name
     * @param message the message
     * @param chips the chips
     * @param timeoutSeconds request timeout (8)
     */
    public static ConnectionFailureCard of(String cardId, String failureType, String service, String message,
                                           List<CardAction> chips, int timeoutSeconds) {
        List<CardAction> actions = new ArrayList<>(chips);
        actions.removeIf(a -> a.value().equals(SKIP));
        actions.add(new CardAction(SKIP, "Skip"));
        return new ConnectionFailureCard(cardId, failureType, service, message, "Connecting " + service + " failed",
                RiskLevel.LOW, message, actions, null, timeoutSeconds);
    }

    @Override
    public String safeValue() {
        return SKIP;
    }
}
