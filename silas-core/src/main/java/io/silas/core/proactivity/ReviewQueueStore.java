package io.silas.core.proactivity;

import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Optional;

/**
 * The durable review queue per scope: batch reviews, suggestions and autonomy-threshold proposals that wait
 * for the user's decision. On restart the Stream reads every {@link #pendingScopes() pending scope} back
 * into its review surface (docs/contracts.md#startup-and-rehydration), so no card is lost and none is silently decided.
 *
 * <p><b>Life cycle.</b> An item is added once, is listed as pending (in the order it was added) until it is
 * resolved, and resolving removes it: the pending lists keep only what is still open. Resolving returns
 * {@code false} for an item that is not pending (unknown, or already resolved), so that of two racing
 * answers to one card exactly one is acted on. Suggestion outcomes and autonomy decisions go to the component
 * that acts on them and to the audit log, not here. A batch is resolved by {@link #decideBatch}, which also keeps
 * the batch with its {@link BatchActionDecision} ({@link #decidedBatch}) for whoever later asks for the fresh
 * approval its execution needs; {@link #resolveBatch} removes a batch without a decision. Once resolved, an id may
 * be added again (deduplication of repeated suggestions is the engine's {@code cooldown_key} rule); a later
 * decision on it replaces the earlier one.
 *
 * <p><b>Isolation.</b> Items are keyed by (scope, kind, id); every read and every resolution names its
 * scope, so an answer given in one scope can never resolve another scope's card.
 *
 * <p><b>Errors.</b> Null arguments and blank ids are {@code INVALID_INPUT}, as is adding an id that is
 * already pending in the same scope and kind; nothing is written then. Durable implementations may also throw
 * the {@code DB_*} codes.
 *
 * <p><b>Security guarantees:</b> a queued item authorises nothing. Approving a batch or an autonomy proposal
 * still needs a signed approval bound to its hash ({@code PlanHashes}); the stored proposals are returned
 * exactly as added, so the hash a user approves after a restart is the hash of what was proposed.
 *
 * <p>Implementations are thread-safe; each call is atomic.
 */
public interface ReviewQueueStore {
    /**
     * Queues a batch review for the scope ({@link BatchProposal} itself carries no scope).
     *
     * @param scopeId the scope the call belongs to
     * @param batch the batch exactly as it was queued
     */
    void addBatch(String scopeId, BatchProposal batch);

    /**
     * Queues a suggestion for its {@link SuggestionProposal#scopeId() scope}.
     *
     * @param suggestion the reconnect suggestion (rule 2), or null
     */
    void addSuggestion(SuggestionProposal suggestion);

    /**
     * Queues an autonomy-threshold proposal for its {@link AutonomyThresholdProposal#scopeId() scope}.
     *
     * @param proposal the proposal
     */
    void addAutonomyProposal(AutonomyThresholdProposal proposal);

    /**
     * {@return the scope's pending batch reviews, oldest first}
     *
     * @param scopeId the scope the call belongs to
     */
    List<BatchProposal> pendingBatches(String scopeId);

    /**
     * {@return the scope's pending suggestions, oldest first}
     *
     * @param scopeId the scope the call belongs to
     */
    List<SuggestionProposal> pendingSuggestions(String scopeId);

    /**
     * {@return the scope's pending autonomy-threshold proposals, oldest first}
     *
     * @param scopeId the scope the call belongs to
     */
    List<AutonomyThresholdProposal> pendingAutonomyProposals(String scopeId);

    /**
     * Removes a pending batch without recording a decision; returns whether it was pending.
     *
     * @param scopeId the scope the call belongs to
     * @param batchId the batch under review
     * @return whether it holds
     */
    boolean resolveBatch(String scopeId, String batchId);

    /**
     * Atomically removes a pending batch and records the user's decision on it ({@link #decidedBatch}).
     *
     * @param scopeId the scope the call belongs to
     * @param batchId the batch under review
     * @param decision the user's decision (a timeout or disconnect is recorded as {@code decline})
     * @return whether the batch was pending; false records nothing (unknown, or already decided or resolved)
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} for an {@code edit_selection} that is not a
     *     non-empty strict subset of the pending batch (nothing changes)
     */
    boolean decideBatch(String scopeId, String batchId, BatchActionDecision decision);

    /**
     * {@return the scope's batch with the decision recorded by {@link #decideBatch}, if one was recorded}
     *
     * @param scopeId the scope the call belongs to
     * @param batchId the batch under review
     */
    Optional<DecidedBatch> decidedBatch(String scopeId, String batchId);

    /**
     * Removes a pending suggestion once it was handled; returns whether it was pending.
     *
     * @param scopeId the scope the call belongs to
     * @param suggestionId the suggestion offered
     * @return whether it holds
     */
    boolean resolveSuggestion(String scopeId, String suggestionId);

    /**
     * Removes a pending autonomy proposal once it was decided; returns whether it was pending.
     *
     * @param scopeId the scope the call belongs to
     * @param proposalId the proposal under review
     * @return whether it holds
     */
    boolean resolveAutonomyProposal(String scopeId, String proposalId);

    /** {@return the ids of scopes with at least one pending item of any kind, sorted} */
    List<String> pendingScopes();

    /** {@return a thread-safe in-memory queue (lost on restart; for tests and ephemeral hosts)} */
    static ReviewQueueStore inMemory() {
        return new InMemoryReviewQueueStore();
    }

    /**
     * Validates a required argument and returns it; null (or a blank string) is {@code INVALID_INPUT}.
     *
     * @param <T> the type of the value
     * @param value the new value
     * @param field the field the problem is in
     * @return the t
     */
    static <T> T require(T value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw SilasException.invalid(field, "must not be blank");
        }
        return value;
    }
}
