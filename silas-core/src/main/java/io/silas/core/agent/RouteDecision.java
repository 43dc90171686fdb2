package io.silas.core.agent;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.InteractionMode;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's structured output for every turn (docs/contracts.md#stream-and-turns, #interaction-register-and-mode):
 * where the turn goes, its interaction register and proposed mode, and the context profile to switch to.
 *
 * <p>Rules: {@code context_profile} is non-blank; a {@link Route#DIRECT} decision carries the
 * {@code response}; a {@link Route#PLANNER} decision carries none. Whether the profile exists in the
 * configured registry depends on configuration, so the caller checks it with
 * {@link #requireKnownProfile(Collection)}.
 *
 * @param route direct answer or planner
 * @param reason why this route was chosen
 * @param response the immediate response (direct routes only)
 * @param interactionRegister register of this turn
 * @param interactionMode proposed mode; the effective mode is resolved by {@code InteractionModes}
 * @param continuationOf id of the work item this turn deepens or corrects, if detected
 * @param contextProfile budget profile key for this turn
 */
public record RouteDecision(
        Route route,
        String reason,
        @Nullable AgentResponse response,
        InteractionRegister interactionRegister,
        InteractionMode interactionMode,
        @Nullable String continuationOf,
        String contextProfile) {

    /** Where a turn is handled. */
    public enum Route {
        /** The proxy answers itself. */
        DIRECT,
        /** The planner is needed. */
        PLANNER
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param route               direct answer or planner
     * @param reason              why this route was chosen
     * @param response            the immediate response (direct routes only)
     * @param interactionRegister register of this turn
     * @param interactionMode     proposed mode; the effective mode is resolved by {
     * @param continuationOf      id of the work item this turn deepens or corrects, if detected
     * @param contextProfile      budget profile key for this turn /
public
     */
    public RouteDecision {
        nonNull(route, "route");
        nonNull(reason, "reason");
        if (route == Route.DIRECT && response == null) {
            throw SilasException.invalid("response", "is required for a direct route");
        }
        if (route == Route.PLANNER && response != null) {
            throw SilasException.invalid("response", "must be absent for a planner route");
        }
        nonNull(interactionRegister, "interaction_register");
        nonNull(interactionMode, "interaction_mode");
        if (continuationOf != null && continuationOf.isBlank()) {
            throw SilasException.invalid("continuation_of", "must not be blank when present");
        }
        nonBlank(contextProfile, "context_profile");
    }

    /**
     * {@return a direct answer by the proxy}
     *
     * @param response the immediate response (direct routes only)
     * @param reason why, in a short phrase
     * @param register the turn's register
     * @param mode the mode resolved by {@code InteractionModes.resolve}; {@code null} before routing
     * @param contextProfile budget profile key for this turn
     */
    public static RouteDecision direct(AgentResponse response, String reason, InteractionRegister register,
                                       InteractionMode mode, String contextProfile) {
        return new RouteDecision(Route.DIRECT, reason, response, register, mode, null, contextProfile);
    }

    /**
     * {@return a hand-off to the planner}
     *
     * @param reason why, in a short phrase
     * @param register the turn's register
     * @param mode the mode resolved by {@code InteractionModes.resolve}; {@code null} before routing
     * @param contextProfile budget profile key for this turn
     */
    public static RouteDecision planner(String reason, InteractionRegister register, InteractionMode mode,
                                        String contextProfile) {
        return new RouteDecision(Route.PLANNER, reason, null, register, mode, null, contextProfile);
    }

    /**
     * Checks that {@link #contextProfile()} names a configured profile.
     *
     * @param profileNames the profile names
     * @return the route decision
     * @throws SilasException {@code INVALID_INPUT} naming {@code context_profile} otherwise
     */
    public RouteDecision requireKnownProfile(Collection<String> profileNames) {
        if (!profileNames.contains(contextProfile)) {
            throw SilasException.invalid("context_profile", "'" + contextProfile + "' is not a configured profile");
        }
        return this;
    }
}
