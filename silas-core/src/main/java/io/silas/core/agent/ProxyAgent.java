package io.silas.core.agent;

import io.silas.core.error.Checks;
import io.silas.core.vocabulary.InteractionMode;

/**
 * The host-supplied routing model (docs/contracts.md#stream-and-turns step 10): for every turn it decides whether to
 * answer directly or hand the turn to the planner, and proposes a register, a mode and a context profile. The Stream
 * always calls it through {@link StructuredCalls#call} (one retry with the validation error appended) and, when both
 * answers are invalid or the agent throws, uses {@link #fallback(String)}.
 *
 * <p>Implementations return a valid {@link RouteDecision} or throw {@code SilasException} with
 * {@code LLM_OUTPUT_INVALID} (or {@code INVALID_INPUT} from the record's own validation) when the model's answer
 * does not fit the schema. They must be thread-safe: different scopes call concurrently.
 *
 * <p><b>Security guarantees:</b> the decision is advice. The effective interaction mode is decided only by
 * {@link InteractionModes#resolve}; a proposed plan runs only after signed approval; the response still passes
 * the output gates.
 */
@FunctionalInterface
public interface ProxyAgent {
    /** The fixed, user-safe text of the proxy fallback; never derived from the user's message or the context. */
    String FALLBACK_MESSAGE = "Sorry, I could not process that message. Please try again.";

    /**
     * Routes one turn.
     *
     * @param request the request
     * @return the route decision
     */
    RouteDecision route(AgentRequest request);

    /**
     * {@return the deterministic proxy fallback (docs/contracts.md#interaction-register-and-mode): a direct reply with {@link
     * #FALLBACK_MESSAGE}, register
     * {@code status}, mode {@code confirm_only_when_required} and the configured default profile}
     *
     * @param defaultProfile profile used until routing picks one ({@code conversation})
     */
    static RouteDecision fallback(String defaultProfile) {
        Checks.nonBlank(defaultProfile, "context_profile");
        return RouteDecision.direct(AgentResponse.reply(FALLBACK_MESSAGE), "proxy_fallback",
                InteractionRegister.STATUS, InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED, defaultProfile);
    }
}
