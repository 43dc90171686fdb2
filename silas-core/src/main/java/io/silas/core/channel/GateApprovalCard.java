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
    public static final String APPROVE = "approve";
    public static final String BLOCK = "block";
    public static final int DEFAULT_TIMEOUT_SECONDS = 120;
    private static final List<String> VALUES = List.of(APPROVE, BLOCK);

    public GateApprovalCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(gateName, "gate_name");
        actions = Cards.actions(actions, VALUES);
    }

    /** A card with the default labels ("Allow", "Block") and the 120 s timeout. */
    public static GateApprovalCard of(String cardId, String gateName, @Nullable String value, String intent,
                                      RiskLevel riskLevel, String rationale) {
        return new GateApprovalCard(cardId, gateName, value, intent, riskLevel, rationale,
                Cards.labelled(VALUES, List.of("Allow", "Block")), null, DEFAULT_TIMEOUT_SECONDS, null);
    }

    /** This card showing whom it is for. */
    public GateApprovalCard withOrigin(CardOrigin from) {
        return new GateApprovalCard(cardId, gateName, value, intent, riskLevel, rationale, actions, details,
                timeoutSeconds, from);
    }

    @Override
    public String safeValue() {
        return BLOCK;
    }

    /**
     * Whether the owner allowed the gated action: only an owner-authenticated {@code approve}
     * ({@link CardAnswer#ownerAuthenticated()}); any default or unauthenticated answer blocks.
     */
    public static boolean approved(CardAnswer answer) {
        return answer.ownerAuthenticated() && APPROVE.equals(answer.value());
    }
}
