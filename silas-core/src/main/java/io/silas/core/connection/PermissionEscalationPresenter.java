package io.silas.core.connection;

import java.time.Duration;

/**
 * Shows the {@code PermissionEscalationCard} (docs/contracts.md#cards) and, after an Approve, the re-authentication
 * setup cards (it is a {@link SetupCardPresenter}). The Stream implements it over a {@code RichCardChannel}.
 *
 * <p><b>Blocking contract.</b> {@link #decide} blocks until the owner answers or {@code timeout} passes; a timeout,
 * a disconnected recipient or a delivery failure must yield {@link EscalationDecision.Deny}. The manager treats an
 * exception or a null answer as deny too. For Approve the implementation obtains a {@code connection_manage}
 * token, for Just this once a {@code connection_act} token (max one execution), from the {@code ApprovalEngine}
 * for {@link PermissionEscalationRequest#approvalWorkItem()}.
 *
 * <p>Security guarantees: the card carries scope names, reason and risk only; the model cannot answer it.
 */
public interface PermissionEscalationPresenter extends SetupCardPresenter {
    /**
     * Presents the escalation card to the owner of {@code scopeId} and returns the decision.
     *
     * @param scopeId the scope the call belongs to
     * @param request the request
     * @param timeout how long to wait
     * @return the escalation decision
     */
    EscalationDecision decide(String scopeId, PermissionEscalationRequest request, Duration timeout);
}
