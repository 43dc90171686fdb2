package io.silas.core.connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Shows connection setup cards to the user of a scope (docs/contracts.md#cards, #connections). Channel-agnostic: the
 * Stream implements it over a {@code RichCardChannel} (or its text fallback); the {@link ConnectionManager} only calls
 * it.
 *
 * <p><b>Blocking contract.</b> {@link #present} blocks until the user answers or {@code timeout} passes. A timeout,
 * a disconnected recipient or any failure to deliver must yield {@link SetupStepResponse.Action#CANCEL} — never
 * {@code done}. The manager treats an exception or a null answer from this method as cancel too.
 *
 * <p><b>Security guarantees.</b> A {@link SetupStep.SecureInput} card carries only the opaque {@code ref_id} and
 * guidance; an implementation must render a form (or a link containing only the ref id) that submits to the
 * host's secure-input endpoint, and must never ask for the secret in conversation text. Implementations must be
 * safe to call from the thread running a setup flow.
 */
public interface SetupCardPresenter {
    /**
     * Presents an interactive step (device code, browser redirect, secure input) and waits for the answer.
     *
     * @param scopeId the scope the call belongs to
     * @param step the resolved escalation step of a block, else null
     * @param timeout how long to wait
     * @return the user's answer, or {@code cancel} on timeout or disconnect
     */
    SetupStepResponse present(String scopeId, SetupStep step, Duration timeout);

    /**
     * Shows an informational card (progress, completion, failure) without waiting.
     *
     * @param scopeId the scope the call belongs to
     * @param step the resolved escalation step of a block, else null
     */
    void show(String scopeId, SetupStep step);

    /**
     * Shows a failure card whose chips are {@code failure}'s recovery options (always ending with {@code skip}) and
     * resolves to the {@link RecoveryOption#action() action} the user of {@code scopeId} tapped. Must not block: the
     * manager runs the chosen action when the stage completes. A timeout, a disconnected recipient, an answer that is
     * not one of the options, or a delivery failure resolves to {@link RecoveryOption#SKIP} — never to a recovery.
     *
     * <p>The default shows the card with {@link #show} (chips informational) and resolves to {@code skip} at once.
     *
     * @param scopeId the scope the call belongs to
     * @param failure the structured failure
     * @param timeout how long to wait
     * @return the completion stage
     */
    default CompletionStage<String> offerRecovery(String scopeId, ConnectionFailure failure, Duration timeout) {
        show(scopeId, new SetupStep.Failure(failure));
        return CompletableFuture.completedFuture(RecoveryOption.SKIP);
    }
}
