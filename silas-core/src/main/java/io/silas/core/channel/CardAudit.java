package io.silas.core.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Audit fields of a resolved card, so every card kind records a channel-side default the same way
 * (docs/contracts.md#errors, CHANNEL: safe defaults): a card resolved by timeout carries {@code error_code} {@code
 * CHANNEL_TIMEOUT}, one that could not be delivered or whose recipient disconnected carries {@code CHANNEL_FAILURE}
 * ({@link CardAnswer#errorCode()}). Sites that already audit the decision a card led to add {@link #fields}; sites
 * whose outcome is audited elsewhere without the answer call {@link #defaulted}. Stateless and thread-safe.
 */
public final class CardAudit {
    /** Audit event of a card resolved with its safe value by a timeout, a failed delivery or a disconnect. */
    public static final String EVENT_CARD_DEFAULTED = "card_defaulted";

    private static final Map<Class<?>, String> KINDS = kinds();

    private CardAudit() {
    }

    /**
     * {@code source} (lower case), for a user choice its {@code authentication} (how the answer was authenticated),
     * and for a channel-side default {@code error_code}.
     *
     * @param answer the answer
     * @return the object>
     */
    public static AuditData fields(CardAnswer answer) {
        ErrorCode code = answer.errorCode();
        return AuditData.create().put("source", answer.source().name().toLowerCase(Locale.ROOT))
                .putIfPresent("authentication", answer.source() == CardAnswer.Source.USER
                        ? answer.authentication().name().toLowerCase(Locale.ROOT) : null)
                .putIfPresent("error_code", code == null ? null : code.id());
    }

    /**
     * Audits {@value #EVENT_CARD_DEFAULTED} (scope id, card id, card kind, source, error code) when the answer is a
     * channel-side default; nothing for a user's choice, an invalid reply or a shutdown (those are audited by the
     * decision they lead to, or by the drain).
     *
     * @param audit the audit log
     * @param scopeId the scope the call belongs to
     * @param card the card
     * @param answer the answer
     * @return whether an entry was appended
     */
    public static boolean defaulted(AuditLog audit, String scopeId, Card card, CardAnswer answer) {
        if (answer.errorCode() == null) {
            return false;
        }
        AuditData data = AuditData.scope(scopeId);
        data.put("card_id", card.cardId());
        data.put("card_kind", kind(card));
        data.putAll(fields(answer));
        audit.append(EVENT_CARD_DEFAULTED, data);
        return true;
    }

    /**
     * {@return the card's wire type name ({@code card_type}, e.g. {@code gate_approval})}
     *
     * @param card the card
     */
    public static String kind(Card card) {
        return KINDS.get(card.getClass());
    }

    private static Map<Class<?>, String> kinds() {
        Map<Class<?>, String> kinds = new HashMap<>();
        for (JsonSubTypes.Type type : Card.class.getAnnotation(JsonSubTypes.class).value()) {
            kinds.put(type.value(), type.name());
        }
        return Map.copyOf(kinds);
    }
}
