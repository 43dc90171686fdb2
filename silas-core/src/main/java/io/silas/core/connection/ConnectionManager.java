package io.silas.core.connection;

import io.silas.core.approval.ApprovalToken;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.util.List;

/**
 * Thin coordinator over connection skills (docs/contracts.md#connections): runs setup conversations, activates
 * approved connections, keeps them healthy. All skill code runs through {@link SkillScripts} (sandboxed); all
 * state lives in the {@link ConnectionRegistry}; every secret goes through the {@link SecureInputRegistry}.
 *
 * <p><b>Setup.</b> {@link #runSetupFlow} plays the skill's {@code setup} script in rounds (see
 * {@link SkillScripts}), presents each interactive step through the {@link SetupCardPresenter}, and answers the
 * script with {@code step_result}s. A {@code secure_input} step is re-registered under a fresh random ref in the
 * {@link SecureInputRegistry} before its card is shown, so the secret reaches the secret store out of band; the
 * script then gets the secret-store ref as {@code CREDENTIAL_REF_<SCRIPT_REF_ID>}. A cancel (including a card
 * timeout or a presenter failure) sends {@code cancel} to the script, discards every secret collected in this flow
 * and returns {@link SetupOutcome.Cancelled}; nothing is registered (status stays {@code proposed}). A completion
 * is followed by the {@code probe} script; only if it reports {@code {"ok": true}} is a {@link ConnectionProposal}
 * returned. A script failure, protocol error or too many rounds discards the secrets and returns
 * {@link SetupOutcome.Failed} after the failure card (its chips may run the flow again; see Recovery chips).
 *
 * <p><b>Permission bound.</b> In setup, re-authorisation and reconnect alike, the permissions a script's completion
 * reports must lie within the connection's current permissions ∪ (the permissions requested in the flow's
 * {@code start} ∩ the skill's {@code available_permissions}); a script reporting more fails the flow
 * ({@link SetupOutcome.Failed}, {@code CONNECTION_FAILURE} from {@link #escalatePermission}), audited
 * {@value #EVENT_PERMISSIONS_EXCEEDED}, and nothing is stored: a sandboxed script can never grant itself what the
 * owner did not approve.
 *
 * <p><b>Activation.</b> {@link #activateConnection} requires an approval token of scope {@code connection_manage}
 * that the {@code ApprovalEngine} verifies (consuming) for the proposal's
 * {@link ConnectionProposal#activationWorkItem()}; otherwise nothing is created, {@value #EVENT_ACTIVATION_DENIED}
 * is audited with the denial reason and {@code APPROVAL_DENIED} thrown.
 *
 * <p><b>Escalation.</b> {@link #escalatePermission} shows a {@link PermissionEscalationRequest} card (risk rule
 * there). Approve: the {@code connection_manage} token is verified (consumed) for the request's work item, then the
 * skill's {@code setup} runs with {@code start.incremental_scopes}; only if that completes, grants every requested
 * scope and the probe passes is the record updated ({@value #EVENT_ESCALATED} with the token id). Just this once:
 * a single-use {@code connection_act} token is verified and returned; the record is unchanged
 * ({@value #EVENT_ESCALATION_ONCE}). Deny, timeout, presenter failure or a token that does not verify:
 * {@value #EVENT_ESCALATION_DENIED} and {@code APPROVAL_DENIED}, record unchanged.
 *
 * <p><b>Health.</b> {@link #runHealthChecks} checks every {@code active} connection. A healthy result is recorded and
 * the {@link RefreshDecision} rules applied: access token within 10 minutes → refresh now; refresh token within
 * 7 days → a {@link ReconnectSuggestion} ({@value #EVENT_RECONNECT_SUGGESTED}, handed to the builder's suggestion
 * sink and returned in the report) or, for a connection dormant 30 days, a silent refresh
 * ({@value #EVENT_REFRESH_DORMANT}). An unhealthy result triggers a refresh, then (if still unhealthy) a recovery,
 * at most once each, and then a failure card (options from {@link RecoveryOptions}), status {@code failed} and
 * {@value #EVENT_FAILED}. A refresh that reports a new refresh-token expiry is saved at once, and the 7-day rule is
 * decided on it. {@link #scheduleProactiveRefresh} registers one job {@code health:<connection_id>} per active
 * connection on the connection's cron.
 *
 * <p><b>Recovery chips.</b> Every failure card is offered through {@link SetupCardPresenter#offerRecovery} to the
 * scope that owns the connection (the scope that set it up), so only that scope's recipient can answer; the chosen
 * chip runs, and {@value #EVENT_RECOVERY} is audited with the action and a {@link RecoveryOutcome.Result}:
 * <ul>
 *   <li>{@code retry}: setup failure → the setup flow runs again; health failure → a fresh health check, then
 *       refresh and recover (at most once each); healthy → status {@code active}.</li>
 *   <li>{@code reconnect}, {@code use_personal_account} ({@code identity_hint: personal}),
 *       {@code retry_fewer_permissions}: setup failure → setup again (fewer: only the first initial permission);
 *       health failure → the skill's setup flow re-runs for the same connection with its current permissions; on
 *       success the record is {@code active} again with the new credential refs and token expiry (permissions
 *       unchanged, so no new approval is needed).</li>
 *   <li>{@code retry_later}: health failure → one retry in 15 minutes on the {@code healthJobs} scheduler (job
 *       {@code recovery:<connection_id>}), if configured; setup failure → nothing runs.</li>
 *   <li>{@code draft_it_request}: a work item drafting the IT admin request ({@link RecoveryOutcome#itRequest()}),
 *       for the host to plan and approve like any work item; nothing else changes.</li>
 *   <li>{@code skip}, a timeout, a disconnect, an unknown action: nothing runs; the status stays {@code failed}
 *       (a setup stays failed, nothing registered).</li>
 * </ul>
 * A recovery that fails again offers a new card, at most three per failure; a setup flow waits for its chip (it
 * already blocks on cards), a health check never does: its chip's action runs on the builder's recovery executor.
 *
 * <p><b>Security guarantees.</b> No secret value passes through this component: scripts see only secret-store
 * refs, the presenter sees only ref ids, the audit log gets ids only. Only approved proposals become connections.
 * Implementations are thread-safe; a setup flow blocks its calling thread while cards are open.
 */
public interface ConnectionManager {
    /** Audit: a connection was activated (connection id, skill, token id). */
    String EVENT_ACTIVATED = "connection_activated";
    /** Audit: an activation was refused (connection id, skill, reason). */
    String EVENT_ACTIVATION_DENIED = "connection_activation_denied";
    /** Audit: a setup flow was cancelled (skill, scope). */
    String EVENT_SETUP_CANCELLED = "connection_setup_cancelled";
    /** Audit: a setup flow failed (skill, scope, failure type). */
    String EVENT_SETUP_FAILED = "connection_setup_failed";
    /**
     * Audit: a setup or re-authorisation script reported permissions beyond current ∪ (requested ∩ the skill's
     * available permissions) (skill, scope, connection id, reported, excess); the flow failed and nothing was stored.
     */
    String EVENT_PERMISSIONS_EXCEEDED = "connection_permissions_exceeded";
    /** Audit: a token was refreshed (connection id). */
    String EVENT_REFRESHED = "connection_token_refreshed";
    /** Audit: the recover script succeeded (connection id). */
    String EVENT_RECOVERED = "connection_recovered";
    /** Audit: a connection was marked failed (connection id, failure type). */
    String EVENT_FAILED = "connection_failed";
    /** Audit: an escalation was approved and re-auth succeeded (connection id, token id, permissions). */
    String EVENT_ESCALATED = "connection_permissions_escalated";
    /** Audit: an escalation was granted for one execution (connection id, token id, permissions). */
    String EVENT_ESCALATION_ONCE = "connection_permission_granted_once";
    /** Audit: an escalation was denied (connection id, reason). */
    String EVENT_ESCALATION_DENIED = "connection_escalation_denied";
    /** Audit: a refresh token expires soon on a connection in use (connection id, days left). */
    String EVENT_RECONNECT_SUGGESTED = "reconnect_suggested";
    /** Audit: a dormant connection's token was refreshed to keep its refresh window (connection id, refreshed). */
    String EVENT_REFRESH_DORMANT = "proactive_refresh_dormant";
    /** Audit: a failure card's chip was handled (skill, connection id if registered, action, result). */
    String EVENT_RECOVERY = "connection_recovery";
    /** Prefix of the scheduler job name of a {@code retry_later} chip's one retry. */
    String RECOVERY_JOB_PREFIX = "recovery:";
    /** Prefix of the scheduler job name of a connection's health check. */
    String HEALTH_JOB_PREFIX = "health:";

    /** {@return the connection skills available in the skills directory} */
    List<ConnectionSkill> discover();

    /**
     * Runs the interactive setup of {@code skillName} for the user of {@code scopeId}. An unknown or non-flat
     * skill name ({@code ../x}) yields {@link SetupOutcome.Failed} without spawning anything.
     *
     * @param skillName the connection skill
     * @param scopeId the scope the call belongs to
     * @param presenter the presenter
     * @return the setup outcome
     */
    SetupOutcome runSetupFlow(String skillName, String scopeId, SetupCardPresenter presenter);

    /**
     * Registers the proposal as an {@code active} connection with its {@code initial_permissions} snapshot.
     *
     * @param proposal the proposal
     * @param token the token
     * @return the connection
     * @throws io.silas.core.error.SilasException {@code APPROVAL_DENIED} when the token is not a verified
     *     {@code connection_manage} approval of the proposal (nothing created, denial audited);
     *     {@code INVALID_INPUT} when the connection id is already registered
     */
    Connection activateConnection(ConnectionProposal proposal, ApprovalToken token);

    /**
     * Asks the owner of {@code scopeId} to grant {@code requestedPermissions} to an active connection (policy above).
     *
     * @param connectionId the connection
     * @param requestedPermissions scopes asked for
     * @param reason why, in a short phrase
     * @param scopeId the scope the call belongs to
     * @param presenter the presenter
     * @return the escalation outcome
     * @throws io.silas.core.error.SilasException {@code APPROVAL_DENIED} when denied (record unchanged, audited);
     *     {@code CONNECTION_FAILURE} when approved but the re-authentication did not complete (record unchanged);
     *     {@code INVALID_INPUT} for an unknown or inactive connection, or scopes that are granted already or not
     *     offered by the skill
     */
    EscalationOutcome escalatePermission(String connectionId, List<String> requestedPermissions, String reason,
                                         String scopeId, PermissionEscalationPresenter presenter);

    /**
     * Registers (or replaces) the job {@code health:<connection_id>} on the connection's {@code health_check} cron
     * for every active connection, and cancels the jobs of connections that are no longer active. Each run
     * health-checks that one connection (if still active) with the refresh rules above; failure cards go to
     * {@code presenter}. Call it at startup and after each activation.
     *
     * @param scheduler the job scheduler
     * @param presenter the presenter
     * @return the registered jobs
     */
    List<ScheduledJob> scheduleProactiveRefresh(Scheduler scheduler, SetupCardPresenter presenter);

    /**
     * Health-checks every active connection (policy above); failure cards go to {@code presenter}.
     *
     * @param presenter the presenter
     * @return the list
     */
    List<HealthReport> runHealthChecks(SetupCardPresenter presenter);

    /**
     * Health-checks one active connection with the same policy as {@link #runHealthChecks} (refresh, then recover,
     * at most once each; on failure status {@code failed}, {@value #EVENT_FAILED} and one failure card to
     * {@code presenter}, offered without waiting for the answer). The Stream calls it at startup for the
     * connections the active goal depends on.
     *
     * @param connectionId the connection
     * @param presenter the presenter
     * @return the health report
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} for an unknown connection or one that is not
     *     {@code active} (nothing runs)
     */
    HealthReport checkConnection(String connectionId, SetupCardPresenter presenter);

    /**
     * Runs the skill's {@code refresh_token} script; on success saves the record at once and audits
     * {@value #EVENT_REFRESHED}. The script's {@code result} sets {@code token_expires_at} (absent or null: unknown)
     * and, when it carries the field, {@code refresh_token_expires_at} (a rotated refresh token; null: no expiry);
     * without the field the stored refresh-token expiry is kept. A result with an unparsable expiry is a failed
     * refresh (record unchanged).
     *
     * @param connectionId the connection
     * @return whether the refresh succeeded
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} for an unknown connection
     */
    boolean refreshToken(String connectionId);

    /**
     * Runs the skill's {@code recover} script; success means it reported {@code {"recovered": true}}.
     *
     * @param connectionId the connection
     * @return whether it holds
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} for an unknown connection
     */
    boolean recover(String connectionId);

    /** {@return every registered connection} */
    List<Connection> listConnections();

    /** {@return a builder for the default manager} */
    static ConnectionManagerBuilder builder() {
        return new ConnectionManagerBuilder();
    }
}
