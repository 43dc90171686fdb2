package io.silas.core.proactivity;

import io.silas.core.work.WorkItemResult;
import java.time.Instant;
import java.util.List;

/**
 * Proposes proactive "what next" cards (docs/contracts.md#proactivity-and-autonomy). Suggestions are generated outside
 * user turns (the {@code heartbeat:suggestions} job calls {@link #generateIdle} for every active scope) and after
 * a work item finished ({@link #generatePostExecution}); each generated suggestion is queued in the scope's
 * review queue ({@link ReviewQueueStore#addSuggestion}) and returned so the caller can send its card.
 *
 * <p><b>Deduplication and caps.</b> Suggestions are deduplicated by {@link SuggestionProposal#cooldownKey()}: a key
 * that is pending in the scope's queue is never suggested twice; a key handled at {@code h} is suppressed while
 * {@code now < h + suggestions.cooldown_minutes} (120); a key generated at {@code g} and not handled since is
 * suppressed while {@code now < g + suggestions.dedupe_window_minutes} (180). A scope holds at most
 * {@code suggestions.max_pending_per_scope} (5) pending suggestions and receives at most
 * {@code limits.suggestions_per_hour_per_scope} (6) new ones in any rolling hour; candidates beyond that are
 * dropped, not queued for later.
 *
 * <p><b>Audit.</b> Every generated suggestion is audited as {@value #EVENT_GENERATED} and every handled one as
 * {@value #EVENT_HANDLED}, with scope, suggestion id, source or outcome — never its text.
 *
 * <p><b>Security guarantees:</b> a suggestion authorises nothing; acting on one ("do it") goes through the normal
 * plan, gate and approval flow. Scopes are isolated: an answer in one scope never resolves or cools down another
 * scope's suggestion.
 *
 * <p>Implementations are thread-safe. Null or blank arguments throw {@code INVALID_INPUT}.
 */
public interface SuggestionEngine {
    /** Audit event for a suggestion that was queued. */
    String EVENT_GENERATED = "suggestion_generated";
    /** Audit event for a suggestion the user handled. */
    String EVENT_HANDLED = "suggestion_handled";

    /**
     * Idle suggestions for a scope from its current signals (active goals, pending reviews, connection warnings,
     * recent results), deduplicated and capped as above, evaluated at {@code now}.
     *
     * @param scopeId the scope the call belongs to
     * @param now the current time
     * @return the suggestions queued by this call, in queue order (possibly empty)
     */
    List<SuggestionProposal> generateIdle(String scopeId, Instant now);

    /**
     * Suggestions from a finished work item's {@link WorkItemResult#nextSteps()}, one per distinct step,
     * deduplicated and capped as above at the engine clock's current time.
     *
     * @param scopeId the scope the call belongs to
     * @param result the execution result of an executed call ({@code ok} or {@code error}); null for refusals
     * @return the suggestions queued by this call, in {@code next_steps} order (possibly empty)
     */
    List<SuggestionProposal> generatePostExecution(String scopeId, WorkItemResult result);

    /**
     * Records how the user handled a pending suggestion: resolves it in the review queue and starts the cooldown
     * of its {@code cooldown_key}. A suggestion that is not pending in this scope (unknown, or already handled by
     * a racing answer) is ignored, so of two answers to one card exactly one counts.
     *
     * @param scopeId the scope the call belongs to
     * @param suggestionId the suggestion offered
     * @param outcome the outcome
     * @return whether the suggestion was pending and is now handled
     */
    boolean markHandled(String scopeId, String suggestionId, SuggestionOutcome outcome);

    /**
     * {@link #markHandled(String, String, SuggestionOutcome)} at {@code now}: a caller that passes its time to
     * {@link #generateIdle} passes the same source here, so generation and cooldown use one time base. The default
     * ignores {@code now} (an engine without its own notion of time).
     *
     * @param scopeId the scope the call belongs to
     * @param suggestionId the suggestion offered
     * @param outcome the outcome
     * @param now the current time
     * @return whether it holds
     */
    default boolean markHandled(String scopeId, String suggestionId, SuggestionOutcome outcome, Instant now) {
        return markHandled(scopeId, suggestionId, outcome);
    }
}
