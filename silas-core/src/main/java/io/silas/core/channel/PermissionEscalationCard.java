package io.silas.core.channel;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Asks the owner to grant a connection more service scopes (docs/contracts.md#cards, #connections). Risk {@code medium}
 * for read→write on a connected resource, {@code high} for a new resource type (nothing else is accepted). Actions:
 * {@code approve} (re-auth with incremental scopes), {@code just_this_once} (single-use token, record unchanged),
 * {@code deny}; safe value {@code deny}; default timeout 300 s.
 *
 * <p>Security guarantees: a card is a question, not a grant — an answer becomes a grant only through an approval
 * token that the connection manager verifies. Carries scope names only.
 *
 * @param connectionId the connection
 * @param currentPermissions scopes granted now
 * @param requestedPermissions scopes asked for
 */
public record PermissionEscalationCard(String cardId, String connectionId, List<String> currentPermissions,
                                       List<String> requestedPermissions, String intent, RiskLevel riskLevel,
                                       String rationale, List<CardAction> actions, @Nullable String details,
                                       int timeoutSeconds) implements Card {
    /** Approve ({@value}). */
    public static final String APPROVE = "approve";
    /** Just this once ({@value}). */
    public static final String JUST_THIS_ONCE = "just_this_once";
    /** Deny ({@value}). */
    public static final String DENY = "deny";
    /** Default timeout seconds ({@value}). */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private static final List<String> VALUES = List.of(APPROVE, JUST_THIS_ONCE, DENY);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId               the card answered
     * @param connectionId         the connection
     * @param currentPermissions   scopes granted now
     * @param requestedPermissions scopes asked for /
public
     * @param intent               the intent
     * @param riskLevel            {@code medium} or {@code high}, per the rule above
     * @param rationale            the rationale
     * @param actions              the actions
     * @param details              the details
     * @param timeoutSeconds       request timeout (8)
     */
    public PermissionEscalationCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        if (riskLevel != RiskLevel.MEDIUM && riskLevel != RiskLevel.HIGH) {
            throw SilasException.invalid("risk_level", "must be medium or high");
        }
        Cards.text(connectionId, "connection_id");
        currentPermissions = Cards.strings(currentPermissions, "current_permissions");
        requestedPermissions = Cards.strings(requestedPermissions, "requested_permissions");
        if (requestedPermissions.isEmpty()) {
            throw SilasException.invalid("requested_permissions", "must not be empty");
        }
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * {@return a card with the default labels ("Approve", "Just this once", "Deny"); details list current scopes}
     *
     * @param cardId the card answered
     * @param connectionId the connection
     * @param connectionName its display name
     * @param currentPermissions scopes granted now
     * @param requestedPermissions scopes asked for
     * @param riskLevel {@code medium} or {@code high}, per the rule above
     * @param reason why, in a short phrase
     * @param timeoutSeconds request timeout (8)
     */
    public static PermissionEscalationCard of(String cardId, String connectionId, String connectionName,
                                              List<String> currentPermissions, List<String> requestedPermissions,
                                              RiskLevel riskLevel, String reason, int timeoutSeconds) {
        return new PermissionEscalationCard(cardId, connectionId, currentPermissions, requestedPermissions,
                "Allow " + connectionName + " to use " + String.join(", ", requestedPermissions), riskLevel, reason,
                Cards.labelled(VALUES, List.of("Approve", "Just this once", "Deny")),
                "Currently granted: " + (currentPermissions.isEmpty() ? "nothing" : String.join(", ",
                        currentPermissions)), timeoutSeconds);
    }

    @Override
    public String safeValue() {
        return DENY;
    }
}
