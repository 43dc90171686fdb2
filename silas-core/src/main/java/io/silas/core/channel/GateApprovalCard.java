package io.silas.core.channel;

import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Asks for a decision on a gate that returned {@code require_approval} (docs/contracts.md#gates {@code
 * send_gate_approval}). Actions: {@code approve}, {@code block}; safe value {@code block}; default timeout 120 s.
 *
 * @param gateName the gate that requires approval
 * @param value the checked value shown to the user, if any
 * @param origin the scope and the message (connection, sender, trust) the gate fired on, shown to the owner
 */
public record GateApprovalCard(String cardId, String gateName, @Nullable String value, String intent,
                               RiskLevel riskLevel, String rationale, List<CardAction> actions,
                               @Nullable String details, int timeoutSeconds, @Nullable CardOrigin origin)
        implements Card {
    /** Approve ({@value}). */
    public static final String APPROVE = "approve";
    /** Block ({@value}). */
    public static final String BLOCK = "block";
    /** Default timeout seconds ({@value}). */
    public static final int DEFAULT_TIMEOUT_SECONDS = 120;
    private static final List<String> VALUES = List.of(APPROVE, BLOCK);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId         the card answered
     * @param gateName       the gate that requires approval
     * @param value          the checked value shown to the user, if any
     * @param intent         the intent
     * @param riskLevel      {@code medium} or {@code high}, per the rule above
     * @param rationale      the rationale
     * @param actions        the actions
     * @param details        the details
     * @param timeoutSeconds request timeout (8)
     * @param origin         the scope and the message (connection, sender, trust) the gate fired on, shown to the
     *                       owner /
public
     */
    public GateApprovalCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(gateName, "gate_name");
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * {@return a card with the default labels ("Allow", "Block") and the 120 s timeout}
     *
     * @param cardId the card answered
     * @param gateName the gate that requires approval
     * @param value the new value
     * @param intent the intent
     * @param riskLevel {@code medium} or {@code high}, per the rule above
     * @param rationale the rationale
     */
    public static GateApprovalCard of(String cardId, String gateName, @Nullable String value, String intent,
                                      RiskLevel riskLevel, String rationale) {
        return new GateApprovalCard(cardId, gateName, value, intent, riskLevel, rationale,
                Cards.labelled(VALUES, List.of("Allow", "Block")), null, DEFAULT_TIMEOUT_SECONDS, null);
    }

    /**
     * {@return this card showing whom it is for}
     *
     * @param from the from
     */
    public GateApprovalCard withOrigin(CardOrigin from) {
        return new GateApprovalCard(cardId, gateName, value, intent, riskLevel, rationale, actions, details,
                timeoutSeconds, from);
    }

    @Override
    public String safeValue() {
        return BLOCK;
    }

    /**
     * {@return whether the owner allowed the gated action: only an owner-authenticated {@code approve}
     * ({@link CardAnswer#ownerAuthenticated()}); any default or unauthenticated answer blocks}
     *
     * @param answer the answer
     */
    public static boolean approved(CardAnswer answer) {
        return answer.ownerAuthenticated() && APPROVE.equals(answer.value());
    }
}
