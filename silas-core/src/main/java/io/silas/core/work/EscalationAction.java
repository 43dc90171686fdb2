package io.silas.core.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import org.jspecify.annotations.Nullable;

/**
 * A named escalation from a work item's {@code escalation} map (docs/contracts.md#work-items-and-plans, #gates).
 *
 * <p>Validation: {@code transfer_to_queue} needs a {@code queue}; {@code respond} needs a {@code message};
 * {@code suppress_and_rephrase} needs an {@code instruction}; {@code max_retries} (default 2) is
 * {@code >= 0}. Immutable and thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EscalationAction(EscalationActionType action, @Nullable String queue, @Nullable String message,
                               @Nullable String instruction, int maxRetries, @Nullable String fallback) {
    /** Default max retries ({@value}). */
    public static final int DEFAULT_MAX_RETRIES = 2;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param action      what the agent wants to do
     * @param queue       the queue
     * @param message     the message
     * @param instruction the instruction
     * @param maxRetries  the max retries
     * @param fallback    the fallback
     */
    public EscalationAction {
        Checks.nonNull(action, "escalation.action");
        Checks.nullOrNonBlank(queue, "escalation.queue");
        Checks.nullOrNonBlank(message, "escalation.message");
        Checks.nullOrNonBlank(instruction, "escalation.instruction");
        Checks.nullOrNonBlank(fallback, "escalation.fallback");
        Checks.nonNegative(maxRetries, "escalation.max_retries");
        if (action == EscalationActionType.TRANSFER_TO_QUEUE && queue == null) {
            throw SilasException.invalid("escalation.queue", "is required for transfer_to_queue");
        }
        if (action == EscalationActionType.RESPOND && message == null) {
            throw SilasException.invalid("escalation.message", "is required for respond");
        }
        if (action == EscalationActionType.SUPPRESS_AND_REPHRASE && instruction == null) {
            throw SilasException.invalid("escalation.instruction", "is required for suppress_and_rephrase");
        }
    }

    /**
     * {@return a plain action with no parameters and the default retry count}
     *
     * @param action what the agent wants to do
     */
    public static EscalationAction of(EscalationActionType action) {
        return new EscalationAction(action, null, null, null, DEFAULT_MAX_RETRIES, null);
    }

    /**
     * {@code respond} with the given message.
     *
     * @param message the message
     * @return the escalation action
     */
    public static EscalationAction respond(String message) {
        return new EscalationAction(EscalationActionType.RESPOND, null, message, null, DEFAULT_MAX_RETRIES, null);
    }

    @JsonCreator
    static EscalationAction fromJson(@JsonProperty("action") @Nullable EscalationActionType action,
                                     @JsonProperty("queue") @Nullable String queue,
                                     @JsonProperty("message") @Nullable String message,
                                     @JsonProperty("instruction") @Nullable String instruction,
                                     @JsonProperty("max_retries") @Nullable Integer maxRetries,
                                     @JsonProperty("fallback") @Nullable String fallback) {
        return new EscalationAction(action, queue, message, instruction,
                maxRetries != null ? maxRetries : DEFAULT_MAX_RETRIES, fallback);
    }
}
