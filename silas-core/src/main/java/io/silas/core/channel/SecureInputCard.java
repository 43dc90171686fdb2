package io.silas.core.channel;

import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Connection setup: asks for a credential through the out-of-band secure input path (docs/contracts.md#secrets,
 * #cards). A rich channel renders a form that posts straight to the host's secure-input endpoint for {@code ref_id}; a
 * plain channel shows a link containing only the ref id (in {@code details}). Actions: {@code done}, {@code cancel};
 * safe value
 * {@code cancel}.
 *
 * <p>Security guarantees: the card has no field for a secret value — only the opaque {@code ref_id}, a label, a
 * short visual input hint and guidance. The user never types the secret into the conversation.
 *
 * @param refId the pending secure-input ref the form submits to
 * @param label what is asked for, e.g. "Notion integration token"
 * @param inputHint visual prefix hint such as {@code ntn_...}, if any
 * @param guidance how to obtain the credential
 * @param helpUrl help link, if any
 */
public record SecureInputCard(String cardId, String refId, String label, @Nullable String inputHint, String guidance,
                              @Nullable String helpUrl, String intent, RiskLevel riskLevel, String rationale,
                              List<CardAction> actions, @Nullable String details, int timeoutSeconds)
        implements Card {
    /** Done ({@value}). */
    public static final String DONE = "done";
    /** Cancel ({@value}). */
    public static final String CANCEL = "cancel";
    private static final List<String> VALUES = List.of(DONE, CANCEL);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId         the card answered
     * @param refId          the pending secure-input ref the form submits to
     * @param label          what is asked for, e.g. "Notion integration token"
     * @param inputHint      visual prefix hint such as {
     * @param guidance       how to obtain the credential
     * @param helpUrl        help link, if any /
public
     * @param intent         the intent
     * @param riskLevel      {@code medium} or {@code high}, per the rule above
     * @param rationale      the rationale
     * @param actions        the actions
     * @param details        the details
     * @param timeoutSeconds request timeout (8)
     */
    public SecureInputCard {
        Cards.common(cardId, intent, riskLevel, rationale, timeoutSeconds);
        Cards.text(refId, "ref_id");
        Cards.text(label, "label");
        Cards.text(guidance, "guidance");
        actions = Cards.actions(actions, VALUES);
    }

    /**
     * A low-risk card with the default labels ("I submitted it", "Cancel setup").
     *
     * @param link where a plain channel sends the user (must contain only the ref id), or null for rich forms
     * @param cardId the card answered
     * @param refId the pending secure-input ref the form submits to
     * @param label what is asked for, e.g. "Notion integration token"
     * @param inputHint visual prefix hint such as {@code ntn_...}, if any
     * @param guidance how to obtain the credential
     * @param helpUrl help link, if any
     * @param timeoutSeconds request timeout (8)
     * @return the secure input card
     */
    public static SecureInputCard of(String cardId, String refId, String label, @Nullable String inputHint,
                                     String guidance, @Nullable String helpUrl, @Nullable String link,
                                     int timeoutSeconds) {
        return new SecureInputCard(cardId, refId, label, inputHint, guidance, helpUrl, "Enter " + label + " securely",
                RiskLevel.LOW, guidance + " The value goes straight to the secret store; the assistant never sees it.",
                Cards.labelled(VALUES, List.of("I submitted it", "Cancel setup")),
                link == null ? null : "Secure form: " + link, timeoutSeconds);
    }

    @Override
    public String safeValue() {
        return CANCEL;
    }
}
