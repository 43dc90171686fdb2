package io.silas.core.channel;

import io.silas.core.audit.AuditData;
import io.silas.core.error.SilasException;
import org.jspecify.annotations.Nullable;

/**
 * Whom an approval-class card is for, shown on the card the owner answers: the scope, and for a card raised by a
 * message, its connection, the sender id the channel reported and the trust {@code MessageTrust} gave it. A card of
 * a background loop (batch, autonomy, suggestion) names only its scope.
 *
 * <p><b>Security guarantees:</b> the owner always sees on whose behalf a decision is asked, so an outsider's
 * proposal cannot pass for the owner's own; ids are shown as received and never grant anything.
 *
 * @param scopeId      the scope the decision applies to
 * @param connectionId the connection the triggering message came from, or null for a scope-level card
 * @param senderId     the sender id of the triggering message, or null
 * @param trust        the trust level of the triggering message ({@code owner}, {@code auth}, {@code external}),
 *                     or null
 */
public record CardOrigin(String scopeId, @Nullable String connectionId, @Nullable String senderId,
                         @Nullable String trust) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param scopeId      the scope the decision applies to
     * @param connectionId the connection the triggering message came from, or null for a scope-level card
     * @param senderId     the sender id of the triggering message, or null
     * @param trust        the trust level of the triggering message ({
     */
    public CardOrigin {
        if (scopeId == null || scopeId.isBlank()) {
            throw SilasException.invalid("scope_id", "must not be blank");
        }
    }

    /**
     * {@return a scope-level origin (no triggering message)}
     *
     * @param scopeId the scope the call belongs to
     */
    public static CardOrigin scope(String scopeId) {
        return new CardOrigin(scopeId, null, null, null);
    }

    /**
     * {@return the origin as audit fields ({@code scope_id}, and {@code connection_id}, {@code sender_id}, {@code trust} when known)}
     */
    public AuditData toAudit() {
        return AuditData.scope(scopeId).putIfPresent(AuditData.CONNECTION_ID, connectionId)
                .putIfPresent("sender_id", senderId).putIfPresent("trust", trust);
    }

    /**
     * {@return the one line shown on text cards, e.g. {@code For scope 'web:7': connection 'web:7', sender 'mallory', trust external}}
     */
    public String describe() {
        StringBuilder out = new StringBuilder("For scope '").append(scopeId).append('\'');
        if (connectionId != null) {
            out.append(": connection '").append(connectionId).append('\'');
        }
        if (senderId != null) {
            out.append(", sender '").append(senderId).append('\'');
        }
        if (trust != null) {
            out.append(", trust ").append(trust);
        }
        return out.toString();
    }
}
