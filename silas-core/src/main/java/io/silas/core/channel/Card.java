package io.silas.core.channel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An interactive decision card (docs/contracts.md#cards). Every card carries the standard anatomy — {@code intent},
 * {@code risk_level}, {@code rationale}, CTAs with a {@code consequence_label}, optional {@code details} — plus
 * a timeout and a safe value that applies when no valid answer arrives in time.
 *
 * <p>CTA ordering is enforced by each record: recommended action first, alternatives in the middle, the
 * decline or destructive action last. The allowed values are fixed per card type, so a channel can never
 * report a value the harness does not understand; an unknown value resolves to {@link #safeValue()}.
 *
 * <p>Safe defaults: plan approval → {@code decline} after 300 s, gate approval → {@code block} after 120 s,
 * suggestion → {@code not_now}, autonomy review and batch review → {@code decline}; connection setup cards (device code, browser
 * redirect, secure input) → {@code cancel}, informational setup cards → {@code dismiss}, connection failure →
 * {@code skip}, permission escalation → {@code deny}. Immutable and thread-safe. JSON carries the
 * type as {@code card_type}.
 *
 * <p><b>Security guarantees:</b> a card is a question, never an approval: plan approval answers become signed
 * tokens only through the approval engine; cards carry no secrets.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "card_type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PlanApprovalCard.class, name = "plan_approval"),
    @JsonSubTypes.Type(value = GateApprovalCard.class, name = "gate_approval"),
    @JsonSubTypes.Type(value = SuggestionCard.class, name = "suggestion"),
    @JsonSubTypes.Type(value = AutonomyReviewCard.class, name = "autonomy_review"),
    @JsonSubTypes.Type(value = BatchReviewCard.class, name = "batch_review"),
    @JsonSubTypes.Type(value = DeviceCodeCard.class, name = "device_code"),
    @JsonSubTypes.Type(value = BrowserRedirectCard.class, name = "browser_redirect"),
    @JsonSubTypes.Type(value = SecureInputCard.class, name = "secure_input"),
    @JsonSubTypes.Type(value = ProgressCard.class, name = "progress"),
    @JsonSubTypes.Type(value = CompletionCard.class, name = "completion"),
    @JsonSubTypes.Type(value = ConnectionFailureCard.class, name = "connection_failure"),
    @JsonSubTypes.Type(value = PermissionEscalationCard.class, name = "permission_escalation")
})
public sealed interface Card permits PlanApprovalCard, GateApprovalCard, SuggestionCard, AutonomyReviewCard,
        BatchReviewCard, DeviceCodeCard, BrowserRedirectCard, SecureInputCard, ProgressCard, CompletionCard, ConnectionFailureCard,
        PermissionEscalationCard {
    /**
     * Unique id; answers name it.
     *
     * @return the string
     */
    String cardId();

    /** {@return one line: what this action does} */
    String intent();

    /**
     * Harness-assigned risk, never model-assigned.
     *
     * @return the risk level
     */
    RiskLevel riskLevel();

    /** {@return one or two sentences: why Silas proposes it} */
    String rationale();

    /**
     * CTAs, recommended first, decline/destructive last.
     *
     * @return the list
     */
    List<CardAction> actions();

    /**
     * Expandable full payload, if any.
     *
     * @return the string
     */
    @Nullable String details();

    /**
     * Seconds to wait for an answer before applying {@link #safeValue()}.
     *
     * @return the int
     */
    int timeoutSeconds();

    /** {@return the value applied on timeout, unknown answers, disconnection and delivery failure} */
    @JsonIgnore
    String safeValue();

    /**
     * {@link #timeoutSeconds()} as a duration.
     *
     * @return the duration
     */
    @JsonIgnore
    default Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds());
    }

    /** {@return whether {@code details} is shown expanded: high and irreversible risk (docs/contracts.md#cards)} */
    @JsonIgnore
    default boolean detailsExpanded() {
        return riskLevel() == RiskLevel.HIGH || riskLevel() == RiskLevel.IRREVERSIBLE;
    }

    /**
     * Whom the decision is for (scope, and the triggering message's connection, sender and trust), shown to the
     * owner; null when the card type carries none.
     *
     * @return the card origin
     */
    default @Nullable CardOrigin origin() {
        return null;
    }

    /**
     * {@return the action with this value, if the card offers it}
     *
     * @param value the new value
     */
    default @Nullable CardAction action(String value) {
        for (CardAction action : actions()) {
            if (action.value().equals(value)) {
                return action;
            }
        }
        return null;
    }
}
