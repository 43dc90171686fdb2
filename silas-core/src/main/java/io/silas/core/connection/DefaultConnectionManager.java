package io.silas.core.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ConnectionManager}. Credential refs of registered connections live in the
 * {@link ConnectionRegistry} ({@link CredentialRefs}), so a fresh manager over the same registry runs health,
 * refresh and recover scripts with the same {@code CREDENTIAL_REF_*} environment after a restart.
 */
final class DefaultConnectionManager implements ConnectionManager {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConnectionManager.class);
    private static final int MAX_ROUNDS = 16;
    /** Failure cards with recovery chips per failure episode; beyond this, failures are shown without waiting. */
    private static final int MAX_RECOVERY_CARDS = 3;
    /** How long {@code retry_later} waits before its one retry. */
    private static final Duration RETRY_LATER_DELAY = Duration.ofMinutes(15);
    private static final String PERSONAL = "personal";
    private static final String RETRY = "retry";
    private static final String RETRY_LATER = "retry_later";
    private static final String RETRY_FEWER_PERMISSIONS = "retry_fewer_permissions";
    private static final String RECONNECT = "reconnect";
    private static final String USE_PERSONAL_ACCOUNT = "use_personal_account";
    private static final String DRAFT_IT_REQUEST = "draft_it_request";

    private final SkillScripts skills;
    private final ConnectionRegistry registry;
    private final SecureInputRegistry secureInput;
    private final ApprovalEngine approvals;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final Duration cardTimeout;
    private final Duration secureInputTtl;
    private final String domain;
    private final String healthCheckCron;
    private final Consumer<ReconnectSuggestion> suggestions;
    private final @Nullable Scheduler healthScheduler;
    private final @Nullable SetupCardPresenter healthPresenter;
    private final Consumer<RecoveryOutcome> recoveries;
    private final Executor recoveryExecutor;

    DefaultConnectionManager(SkillScripts skills, ConnectionRegistry registry, SecureInputRegistry secureInput,
                             ApprovalEngine approvals, AuditLog audit, Clock clock, IdGenerator ids,
                             Duration cardTimeout, Duration secureInputTtl, String domain, String healthCheckCron,
                             Consumer<ReconnectSuggestion> suggestions, @Nullable Scheduler healthScheduler,
                             @Nullable SetupCardPresenter healthPresenter, Consumer<RecoveryOutcome> recoveries,
                             Executor recoveryExecutor) {
        this.recoveries = recoveries;
        this.recoveryExecutor = recoveryExecutor;
        this.healthScheduler = healthScheduler;
        this.healthPresenter = healthPresenter;
        this.skills = skills;
        this.registry = registry;
        this.secureInput = secureInput;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
        this.ids = ids;
        this.cardTimeout = cardTimeout;
        this.secureInputTtl = secureInputTtl;
        this.domain = domain;
        this.healthCheckCron = healthCheckCron;
        this.suggestions = suggestions;
    }

    @Override
    public List<ConnectionSkill> discover() {
        return skills.skills();
    }

    @Override
    public SetupOutcome runSetupFlow(String skillName, String scopeId, SetupCardPresenter presenter) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(presenter, "presenter");
        ConnectionSkill skill = skillName == null ? null : skills.find(skillName).orElse(null);
        if (skill == null) {
            return new SetupOutcome.Failed(ConnectionFailure.unknown("connection", "connection skill not found"));
        }
        String connectionId = "conn-" + ids.next();
        return setupWithRecovery(skill, scopeId, presenter, connectionId,
                new ScriptMessage.Start(skill.authStrategy(), skill.initialPermissions(), List.of(), null), Map.of(),
                List.of());
    }

    /**
     * Runs a setup flow; when it fails, offers the failure card and follows the chip the user taps (blocking, like
     * the rest of setup): {@code retry}/{@code reconnect} run the flow again, {@code retry_fewer_permissions} asks
     * for the first initial permission only, {@code use_personal_account} passes {@code identity_hint: personal};
     * {@code draft_it_request} drafts the IT request; anything else ends the flow as failed. At most
     * {@value #MAX_RECOVERY_CARDS} cards per flow; the last failure after that is shown without chips.
     */
    private SetupOutcome setupWithRecovery(ConnectionSkill skill, String scopeId, SetupCardPresenter presenter,
                                           String connectionId, ScriptMessage.Start start,
                                           Map<String, String> existingRefs, List<String> current) {
        ScriptMessage.Start next = start;
        String retried = null;
        for (int cards = 0; ; cards++) {
            SetupOutcome outcome = new SetupFlow(skill, scopeId, presenter, connectionId, next, existingRefs, current)
                    .run();
            if (retried != null) {
                recordRecovery(new RecoveryOutcome(skill.name(), null, retried, outcome instanceof
                        SetupOutcome.Proposed ? RecoveryOutcome.Result.SUCCEEDED : RecoveryOutcome.Result.FAILED,
                        null));
            }
            if (!(outcome instanceof SetupOutcome.Failed failed)) {
                return outcome;
            }
            ConnectionFailure shown = RecoveryOptions.withOptions(failed.failure());
            if (cards >= MAX_RECOVERY_CARDS) {
                showQuietly(presenter, scopeId, skill.name(), new SetupStep.Failure(shown));
                return outcome;
            }
            String action = awaitChoice(presenter, scopeId, shown);
            switch (action) {
                case RETRY, RECONNECT -> next = start;
                case RETRY_FEWER_PERMISSIONS -> next = new ScriptMessage.Start(start.authStrategy(),
                        start.initialPermissions().isEmpty() ? List.of() : start.initialPermissions().subList(0, 1),
                        List.of(), start.identityHint());
                case USE_PERSONAL_ACCOUNT -> next = new ScriptMessage.Start(start.authStrategy(),
                        start.initialPermissions(), start.incrementalScopes(), PERSONAL);
                default -> {
                    recordRecovery(endWithoutRetry(skill.name(), null, action, shown, skill.initialPermissions()));
                    return outcome;
                }
            }
            retried = action;
        }
    }

    /** The outcome of a chip that does not retry: a drafted IT request, a deferral, or skip. */
    private RecoveryOutcome endWithoutRetry(String skillName, @Nullable String connectionId, String action,
                                            ConnectionFailure failure, List<String> permissions) {
        if (action.equals(DRAFT_IT_REQUEST)) {
            return new RecoveryOutcome(skillName, connectionId, action, RecoveryOutcome.Result.DRAFTED,
                    ItRequestDraft.workItem("it-request-" + ids.next(), skillName, domain, failure, permissions));
        }
        return new RecoveryOutcome(skillName, connectionId, action, action.equals(RETRY_LATER)
                ? RecoveryOutcome.Result.DEFERRED : RecoveryOutcome.Result.SKIPPED, null);
    }

    /** Blocks for the tapped chip of a failure card; anything but one of its options (or no answer) is skip. */
    private String awaitChoice(SetupCardPresenter presenter, String scopeId, ConnectionFailure shown) {
        try {
            String action = presenter.offerRecovery(scopeId, shown, cardTimeout).toCompletableFuture()
                    .get(cardTimeout.toSeconds() + CardSetupPresenter.GRACE_SECONDS, TimeUnit.SECONDS);
            return offered(action, shown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("failure card for skill {} got no answer ({}); treated as skip", shown.service(),
                    e.getClass().getSimpleName());
        }
        return RecoveryOption.SKIP;
    }

    private static String offered(@Nullable String action, ConnectionFailure shown) {
        return action != null && shown.recoveryOptions().stream().anyMatch(o -> o.action().equals(action))
                ? action : RecoveryOption.SKIP;
    }

    /** Audits {@value #EVENT_RECOVERY} and hands the outcome to the host's sink. */
    private void recordRecovery(RecoveryOutcome outcome) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("skill", outcome.skillName());
        if (outcome.connectionId() != null) {
            data.put("connection_id", outcome.connectionId());
        }
        data.put("action", outcome.action());
        data.put("result", wire(outcome.result()));
        if (outcome.itRequest() != null) {
            data.put("work_item_id", outcome.itRequest().id());
        }
        audit.append(EVENT_RECOVERY, data);
        try {
            recoveries.accept(outcome);
        } catch (RuntimeException e) {
            LOG.warn("recovery outcome for skill {} could not be delivered ({})", outcome.skillName(),
                    e.getClass().getSimpleName());
        }
    }

    private static void showQuietly(SetupCardPresenter presenter, String scopeId, String skillName, SetupStep step) {
        try {
            presenter.show(scopeId, step);
        } catch (RuntimeException e) {
            LOG.warn("card for skill {} could not be shown ({})", skillName, e.getClass().getSimpleName());
        }
    }

    /** One setup conversation: the accumulated messages, the credentials collected so far, the refs to discard. */
    private final class SetupFlow {
        private final ConnectionSkill skill;
        private final String scopeId;
        private final SetupCardPresenter presenter;
        private final String connectionId;
        private final ScriptMessage.Start start;
        private final List<String> current;
        private final List<ScriptMessage> messages = new ArrayList<>();
        private final Map<String, String> credentialEnv = new LinkedHashMap<>();
        private final List<String> registeredRefs = new ArrayList<>();

        /**
         * A flow starting with {@code start}; {@code existingRefs} are the refs a re-auth already holds,
         * {@code current} the permissions the connection already has (empty for a new connection).
         */
        SetupFlow(ConnectionSkill skill, String scopeId, SetupCardPresenter presenter, String connectionId,
                  ScriptMessage.Start start, Map<String, String> existingRefs, List<String> current) {
            this.skill = skill;
            this.start = start;
            this.current = List.copyOf(current);
            this.scopeId = scopeId;
            this.presenter = presenter;
            this.connectionId = connectionId;
            this.credentialEnv.putAll(existingRefs);
            messages.add(start);
        }

        SetupOutcome run() {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                ScriptRun run = skills.run(skill, SkillScript.SETUP, messages, credentialEnv);
                if (run.isFailed()) {
                    return fail(run.failure());
                }
                List<SetupStep> interactive = new ArrayList<>();
                boolean awaiting = false;
                for (ScriptEvent event : run.events()) {
                    if (event instanceof ScriptEvent.Failed f) {
                        return fail(f.failure());
                    }
                    if (event instanceof ScriptEvent.Completed c) {
                        return complete(c.completion(), c.tokenExpiresAt());
                    }
                    if (event instanceof ScriptEvent.Step s) {
                        SetupStep step = s.step();
                        if (step instanceof SetupStep.Failure f) {
                            return fail(f.failure());
                        }
                        if (step instanceof SetupStep.Completion c) {
                            return complete(c, null);
                        }
                        if (step instanceof SetupStep.Progress) {
                            showQuietly(step);
                        } else {
                            interactive.add(step);
                        }
                    }
                    if (event instanceof ScriptEvent.AwaitInput) {
                        awaiting = true;
                        break;
                    }
                }
                if (!awaiting || interactive.isEmpty()) {
                    return fail(ConnectionFailure.unknown(skill.name(), "setup script stopped without a result"));
                }
                for (SetupStep step : interactive) {
                    ScriptMessage answer = ask(step);
                    if (answer instanceof ScriptMessage.Cancel) {
                        return cancel();
                    }
                    messages.add(answer);
                }
            }
            return fail(ConnectionFailure.unknown(skill.name(), "setup script did not finish within "
                    + MAX_ROUNDS + " rounds"));
        }

        /** Presents one interactive step; returns the step result to send, or a cancel. */
        private ScriptMessage ask(SetupStep step) {
            if (step instanceof SetupStep.SecureInput si) {
                String scriptRef = si.request().refId();
                SecureInputRequest request = secureInput.register(scopeId, si.request(), secureInputTtl);
                registeredRefs.add(request.refId());
                SetupStepResponse.Action action = presentSafely(new SetupStep.SecureInput(request));
                if (action == SetupStepResponse.Action.CANCEL) {
                    return new ScriptMessage.Cancel();
                }
                if (action == SetupStepResponse.Action.DONE && secureInput.isStored(request.refId())) {
                    String secretRef = SecureInputRegistry.secretRef(request.refId());
                    credentialEnv.put(envName(scriptRef), secretRef);
                    return new ScriptMessage.StepResult(step.stepType(), action, scriptRef, secretRef);
                }
                SetupStepResponse.Action reported = action == SetupStepResponse.Action.DONE
                        ? SetupStepResponse.Action.RETRY : action;
                return new ScriptMessage.StepResult(step.stepType(), reported, scriptRef, null);
            }
            SetupStepResponse.Action action = presentSafely(step);
            return action == SetupStepResponse.Action.CANCEL
                    ? new ScriptMessage.Cancel() : new ScriptMessage.StepResult(step.stepType(), action, null, null);
        }

        private SetupStepResponse.Action presentSafely(SetupStep step) {
            try {
                SetupStepResponse response = presenter.present(scopeId, step, cardTimeout);
                if (response == null || !response.stepType().equals(step.stepType())) {
                    return SetupStepResponse.Action.CANCEL;
                }
                return response.action();
            } catch (RuntimeException e) {
                LOG.warn("setup card for skill {} failed ({}); treated as cancel", skill.name(),
                        e.getClass().getSimpleName());
                return SetupStepResponse.Action.CANCEL;
            }
        }

        private void showQuietly(SetupStep step) {
            try {
                presenter.show(scopeId, step);
            } catch (RuntimeException e) {
                LOG.warn("setup card for skill {} could not be shown ({})", skill.name(), e.getClass().getSimpleName());
            }
        }

        private SetupOutcome complete(SetupStep.Completion completion, @Nullable Instant tokenExpiresAt) {
            if (!completion.success()) {
                return fail(ConnectionFailure.unknown(skill.name(), "setup did not succeed"));
            }
            List<String> excess = PermissionBound.excess(completion.permissionsGranted(), current, start,
                    skill.availablePermissions());
            if (!excess.isEmpty()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("skill", skill.name());
                data.put("scope_id", scopeId);
                data.put("connection_id", connectionId);
                data.put("reported", completion.permissionsGranted());
                data.put("excess", excess);
                audit.append(EVENT_PERMISSIONS_EXCEEDED, data);
                return fail(ConnectionFailure.unknown(skill.name(), "the setup script reported permissions that "
                        + "were not requested or are not offered by the skill: " + excess + "; nothing was stored"));
            }
            ScriptRun probe = skills.run(skill, SkillScript.PROBE,
                    List.of(new ScriptMessage.Invoke(connectionId, skill.name())), credentialEnv);
            if (probe.isFailed()) {
                return fail(probe.failure());
            }
            if (!resultFlag(probe, "ok")) {
                List<ScriptEvent.Failed> reported = probe.eventsOf(ScriptEvent.Failed.class);
                return fail(reported.isEmpty() ? ConnectionFailure.unknown(skill.name(), "connection probe failed")
                        : reported.get(0).failure());
            }
            showQuietly(completion);
            return new SetupOutcome.Proposed(new ConnectionProposal(connectionId, skill.name(), scopeId, domain,
                    skill.authStrategy(), completion.permissionsGranted(), skill.availablePermissions(),
                    tokenExpiresAt, credentialEnv, completion.summary()));
        }

        private SetupOutcome cancel() {
            messages.add(new ScriptMessage.Cancel());
            skills.run(skill, SkillScript.SETUP, messages, credentialEnv);
            discardSecrets();
            audit.append(EVENT_SETUP_CANCELLED, Map.of("skill", skill.name(), "scope_id", scopeId));
            return new SetupOutcome.Cancelled();
        }

        private SetupOutcome fail(ConnectionFailure failure) {
            discardSecrets();
            audit.append(EVENT_SETUP_FAILED, Map.of("skill", skill.name(), "scope_id", scopeId,
                    "failure_type", wire(failure.failureType())));
            return new SetupOutcome.Failed(failure);
        }

        private void discardSecrets() {
            registeredRefs.forEach(secureInput::discard);
            credentialEnv.clear();
        }
    }

    @Override
    public Connection activateConnection(ConnectionProposal proposal, ApprovalToken token) {
        Checks.nonNull(proposal, "proposal");
        Checks.nonNull(token, "token");
        String reason = token.scope() != ApprovalScope.CONNECTION_MANAGE
                ? ApprovalCheck.Reason.SCOPE_MISMATCH.wire() : denialReason(token, proposal);
        if (reason != null) {
            audit.append(EVENT_ACTIVATION_DENIED, Map.of("connection_id", proposal.connectionId(),
                    "skill", proposal.skillName(), "token_id", token.tokenId(), "reason", reason));
            throw new SilasException(ErrorCode.APPROVAL_DENIED, "connection activation needs a verified "
                    + "connection_manage approval (" + reason + ")");
        }
        if (registry.get(proposal.connectionId()).isPresent()) {
            throw SilasException.invalid("connection_id", "is already registered");
        }
        Instant now = clock.instant();
        Connection connection = new Connection(proposal.connectionId(), proposal.skillName(), proposal.domain(),
                proposal.skillName(), proposal.authStrategy(), List.of(ConnectionPermission.OBSERVE),
                proposal.permissionsGranted(), proposal.permissionsAvailable(), proposal.permissionsGranted(),
                ConnectionStatus.ACTIVE, healthCheckCron, now, proposal.tokenExpiresAt(), null, null, null, null);
        registry.save(connection);
        registry.saveCredentialRefs(connection.connectionId(),
                new CredentialRefs(proposal.scopeId(), proposal.credentialRefs()));
        audit.append(EVENT_ACTIVATED, Map.of("connection_id", connection.connectionId(), "skill",
                connection.skillName(), "token_id", token.tokenId()));
        if (healthScheduler != null && healthPresenter != null) {
            scheduleHealthJob(healthScheduler, connection, healthPresenter);
        }
        return connection;
    }

    /** Consumes the token for the proposal's activation item; null when valid, else the denial reason. */
    private @Nullable String denialReason(ApprovalToken token, ConnectionProposal proposal) {
        try {
            ApprovalCheck check = approvals.verify(token, proposal.activationWorkItem(), null);
            return check.valid() ? null : check.reason().wire();
        } catch (RuntimeException e) {
            LOG.warn("connection approval check failed ({}); denied", e.getClass().getSimpleName());
            return "verification_failed";
        }
    }

    @Override
    public EscalationOutcome escalatePermission(String connectionId, List<String> requestedPermissions, String reason,
                                                String scopeId, PermissionEscalationPresenter presenter) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(presenter, "presenter");
        Connection connection = current(connectionId);
        if (connection.status() != ConnectionStatus.ACTIVE) {
            throw SilasException.invalid("connection_id", "is not an active connection");
        }
        PermissionEscalationRequest request = PermissionEscalationRequest.of(connection, requestedPermissions, reason);
        EscalationDecision decision = decideSafely(presenter, scopeId, request);
        if (decision instanceof EscalationDecision.JustThisOnce once) {
            ApprovalToken token = once.token();
            if (token.scope() != ApprovalScope.CONNECTION_ACT || token.maxExecutions() != 1) {
                throw deny(request, token.tokenId(), "not_single_use_connection_act");
            }
            ApprovalCheck check = verifyQuietly(token, request);
            if (!check.valid()) {
                throw deny(request, token.tokenId(), check.reason().wire());
            }
            audit.append(EVENT_ESCALATION_ONCE, Map.of("connection_id", connection.connectionId(), "token_id",
                    token.tokenId(), "permissions", request.requestedPermissions()));
            return new EscalationOutcome.GrantedOnce(request, check.orThrow());
        }
        if (!(decision instanceof EscalationDecision.Approve approve)) {
            throw deny(request, null, "denied");
        }
        ApprovalToken token = approve.token();
        if (token.scope() != ApprovalScope.CONNECTION_MANAGE) {
            throw deny(request, token.tokenId(), ApprovalCheck.Reason.SCOPE_MISMATCH.wire());
        }
        ApprovalCheck check = verifyQuietly(token, request);
        if (!check.valid()) {
            throw deny(request, token.tokenId(), check.reason().wire());
        }
        return reauthorize(connection, request, scopeId, presenter, token);
    }

    /** Re-runs setup with the incremental scopes; updates the record only if every requested scope is granted. */
    private EscalationOutcome reauthorize(Connection connection, PermissionEscalationRequest request, String scopeId,
                                          SetupCardPresenter presenter, ApprovalToken token) {
        ConnectionSkill skill = skills.find(connection.skillName()).orElseThrow(() -> new SilasException(
                ErrorCode.CONNECTION_FAILURE, "the connection skill is not available; permissions unchanged"));
        SetupOutcome outcome = setupWithRecovery(skill, scopeId, presenter, connection.connectionId(),
                new ScriptMessage.Start(skill.authStrategy(), connection.permissionsGranted(),
                        request.requestedPermissions(), null),
                refsOf(connection.connectionId()), connection.permissionsGranted());
        if (!(outcome instanceof SetupOutcome.Proposed proposed)) {
            throw new SilasException(ErrorCode.CONNECTION_FAILURE, "re-authentication did not complete ("
                    + (outcome instanceof SetupOutcome.Cancelled ? "cancelled" : "failed") + "); permissions unchanged");
        }
        List<String> granted = new ArrayList<>(connection.permissionsGranted());
        proposed.proposal().permissionsGranted().stream().filter(s -> !granted.contains(s)).forEach(granted::add);
        if (!granted.containsAll(request.requestedPermissions())) {
            throw new SilasException(ErrorCode.CONNECTION_FAILURE,
                    "the service did not grant every requested permission; permissions unchanged");
        }
        Connection updated = current(connection.connectionId()).withPermissions(
                PermissionEscalationRequest.tiers(connection.permissions(), request.requestedPermissions()), granted);
        save(updated);
        registry.saveCredentialRefs(connection.connectionId(),
                new CredentialRefs(ownerScope(connection), proposed.proposal().credentialRefs()));
        audit.append(EVENT_ESCALATED, Map.of("connection_id", connection.connectionId(), "token_id",
                token.tokenId(), "permissions", request.requestedPermissions()));
        return new EscalationOutcome.Approved(updated);
    }

    private EscalationDecision decideSafely(PermissionEscalationPresenter presenter, String scopeId,
                                            PermissionEscalationRequest request) {
        try {
            EscalationDecision decision = presenter.decide(scopeId, request, cardTimeout);
            return decision == null ? new EscalationDecision.Deny() : decision;
        } catch (RuntimeException e) {
            LOG.warn("escalation card for connection {} failed ({}); treated as deny", request.connectionId(),
                    e.getClass().getSimpleName());
            return new EscalationDecision.Deny();
        }
    }

    private ApprovalCheck verifyQuietly(ApprovalToken token, PermissionEscalationRequest request) {
        try {
            return approvals.verify(token, request.approvalWorkItem(), null);
        } catch (RuntimeException e) {
            LOG.warn("escalation approval check failed ({}); denied", e.getClass().getSimpleName());
            return ApprovalCheck.denied(ApprovalCheck.Reason.SIGNATURE_INVALID, "verification failed");
        }
    }

    private SilasException deny(PermissionEscalationRequest request, @Nullable String tokenId, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("connection_id", request.connectionId());
        data.put("permissions", request.requestedPermissions());
        data.put("reason", reason);
        if (tokenId != null) {
            data.put("token_id", tokenId);
        }
        audit.append(EVENT_ESCALATION_DENIED, data);
        return new SilasException(ErrorCode.APPROVAL_DENIED, "permission escalation for connection "
                + request.connectionId() + " was not approved (" + reason + "); permissions unchanged");
    }

    @Override
    public List<HealthReport> runHealthChecks(SetupCardPresenter presenter) {
        Checks.nonNull(presenter, "presenter");
        List<HealthReport> reports = new ArrayList<>();
        for (Connection connection : registry.listByStatus(ConnectionStatus.ACTIVE)) {
            reports.add(checkOne(connection, presenter));
        }
        return List.copyOf(reports);
    }

    @Override
    public HealthReport checkConnection(String connectionId, SetupCardPresenter presenter) {
        Checks.nonNull(presenter, "presenter");
        Connection connection = current(connectionId);
        if (connection.status() != ConnectionStatus.ACTIVE) {
            throw SilasException.invalid("connection_id", "is not an active connection");
        }
        return checkOne(connection, presenter);
    }

    private HealthReport checkOne(Connection connection, SetupCardPresenter presenter) {
        String id = connection.connectionId();
        Probe health = healthCheck(connection);
        if (health.result().healthy()) {
            Connection checked = connection.withHealth(health.result(), clock.instant());
            save(checked);
            return applyRefreshRules(checked, health.result());
        }
        Repair repair = repair(id, health);
        if (repair.failure() == null) {
            return new HealthReport(id, repair.health(), repair.refreshed(), repair.recovered(),
                    ConnectionStatus.ACTIVE, null, null);
        }
        save(current(id).withStatus(ConnectionStatus.FAILED));
        audit.append(EVENT_FAILED, Map.of("connection_id", id, "failure_type",
                wire(repair.failure().failureType())));
        offerHealthRecovery(id, repair.failure(), presenter, 0);
        return new HealthReport(id, repair.health(), repair.refreshed(), repair.recovered(), ConnectionStatus.FAILED,
                repair.failure(), null);
    }

    /** What {@link #repair} did; {@code failure} is null when the connection is healthy again. */
    private record Repair(HealthCheckResult health, boolean refreshed, boolean recovered,
                          @Nullable ConnectionFailure failure) {
    }

    /**
     * After the unhealthy check {@code health}: refresh, then recover, at most once each, re-checking health after
     * each success; a healthy check is recorded (status {@code active}). Never sets {@code failed}: the caller does.
     */
    private Repair repair(String id, Probe unhealthy) {
        boolean refreshed = refreshToken(id);
        Probe health = unhealthy;
        if (refreshed) {
            health = healthCheck(current(id));
            if (health.result().healthy()) {
                restore(id, health.result());
                return new Repair(health.result(), true, false, null);
            }
        }
        boolean recovered = recover(id);
        if (recovered) {
            health = healthCheck(current(id));
            if (health.result().healthy()) {
                restore(id, health.result());
                return new Repair(health.result(), refreshed, recovered, null);
            }
        }
        ConnectionFailure failure = health.failure() != null ? health.failure()
                : ConnectionFailure.unknown(current(id).skillName(), "connection is unhealthy");
        return new Repair(health.result(), refreshed, recovered, failure);
    }

    private void restore(String id, HealthCheckResult health) {
        save(current(id).withHealth(health, clock.instant()).withStatus(ConnectionStatus.ACTIVE));
    }

    /**
     * Offers the failure card of a failed connection to its owner scope without blocking; when a chip is tapped the
     * action runs on the recovery executor. Skip, a timeout or a disconnect only audits. After
     * {@value #MAX_RECOVERY_CARDS} cards the failure is shown without chips.
     */
    private void offerHealthRecovery(String id, ConnectionFailure failure, SetupCardPresenter presenter, int cards) {
        Connection connection = current(id);
        ConnectionFailure shown = RecoveryOptions.withOptions(failure);
        String scope = ownerScope(connection);
        if (cards >= MAX_RECOVERY_CARDS) {
            showQuietly(presenter, scope, connection.skillName(), new SetupStep.Failure(shown));
            return;
        }
        CompletableFuture<String> choice;
        try {
            choice = presenter.offerRecovery(scope, shown, cardTimeout).toCompletableFuture();
        } catch (RuntimeException e) {
            LOG.warn("failure card for connection {} could not be shown ({})", id, e.getClass().getSimpleName());
            choice = CompletableFuture.completedFuture(RecoveryOption.SKIP);
        }
        choice.orTimeout(cardTimeout.toSeconds() + CardSetupPresenter.GRACE_SECONDS, TimeUnit.SECONDS)
                .whenComplete((tapped, error) -> {
                    String action = error == null ? offered(tapped, shown) : RecoveryOption.SKIP;
                    if (action.equals(RecoveryOption.SKIP)) {
                        recordRecovery(endWithoutRetry(connection.skillName(), id, action, shown, List.of()));
                        return;
                    }
                    try {
                        recoveryExecutor.execute(() -> runHealthRecovery(id, action, shown, presenter, cards));
                    } catch (RuntimeException e) {
                        LOG.warn("recovery for connection {} could not start ({})", id, e.getClass().getSimpleName());
                        recordRecovery(endWithoutRetry(connection.skillName(), id, RecoveryOption.SKIP, shown,
                                List.of()));
                    }
                });
    }

    /** Runs a tapped chip for a failed connection; a recovery that fails again offers a new card. */
    private void runHealthRecovery(String id, String action, ConnectionFailure shown, SetupCardPresenter presenter,
                                   int cards) {
        Connection connection = registry.get(id).orElse(null);
        if (connection == null || connection.status() != ConnectionStatus.FAILED) {
            return;
        }
        try {
            boolean retries = switch (action) {
                case RETRY, RECONNECT, USE_PERSONAL_ACCOUNT, RETRY_FEWER_PERMISSIONS -> true;
                default -> false;
            };
            if (!retries) {
                if (action.equals(RETRY_LATER)) {
                    scheduleRetry(id, shown, presenter, cards);
                }
                recordRecovery(endWithoutRetry(connection.skillName(), id, action, shown,
                        connection.permissionsGranted()));
                return;
            }
            ConnectionFailure again = action.equals(RETRY) ? retry(id) : reconnect(connection, presenter,
                    action.equals(USE_PERSONAL_ACCOUNT) ? PERSONAL : null);
            boolean restored = current(id).status() == ConnectionStatus.ACTIVE;
            recordRecovery(new RecoveryOutcome(connection.skillName(), id, action, restored
                    ? RecoveryOutcome.Result.SUCCEEDED : RecoveryOutcome.Result.FAILED, null));
            if (!restored && again != null) {
                offerHealthRecovery(id, again, presenter, cards + 1);
            }
        } catch (RuntimeException e) {
            LOG.warn("recovery {} for connection {} failed ({})", action, id, e.getClass().getSimpleName());
            recordRecovery(new RecoveryOutcome(connection.skillName(), id, action, RecoveryOutcome.Result.FAILED,
                    null));
        }
    }

    /** The {@code retry} chip: a fresh health check, then {@link #repair}; returns the failure, or null if healthy. */
    private @Nullable ConnectionFailure retry(String id) {
        Probe health = healthCheck(current(id));
        if (health.result().healthy()) {
            restore(id, health.result());
            return null;
        }
        return repair(id, health).failure();
    }

    /**
     * Re-runs the skill's setup for a registered connection (same id, current permissions, its existing refs).
     * Success → status {@code active}, new refs and token expiry saved, permissions unchanged. Returns the failure
     * to show again, or null (restored, or cancelled by the user: no new card).
     */
    private @Nullable ConnectionFailure reconnect(Connection connection, SetupCardPresenter presenter,
                                                  @Nullable String identityHint) {
        String id = connection.connectionId();
        ConnectionSkill skill = skills.find(connection.skillName()).orElse(null);
        if (skill == null) {
            return ConnectionFailure.unknown(connection.skillName(), "connection skill not found");
        }
        String scope = ownerScope(connection);
        SetupOutcome outcome = new SetupFlow(skill, scope, presenter, id, new ScriptMessage.Start(
                skill.authStrategy(), connection.permissionsGranted(), List.of(), identityHint), refsOf(id),
                connection.permissionsGranted()).run();
        if (outcome instanceof SetupOutcome.Failed failed) {
            return failed.failure();
        }
        if (!(outcome instanceof SetupOutcome.Proposed proposed)) {
            return null;
        }
        if (!proposed.proposal().permissionsGranted().containsAll(connection.permissionsGranted())) {
            return ConnectionFailure.unknown(connection.skillName(),
                    "the service granted fewer permissions than the connection had");
        }
        save(current(id).withRefresh(proposed.proposal().tokenExpiresAt(), null, clock.instant())
                .withStatus(ConnectionStatus.ACTIVE));
        registry.saveCredentialRefs(id, new CredentialRefs(scope, proposed.proposal().credentialRefs()));
        return null;
    }

    /** {@code retry_later}: one retry after {@link #RETRY_LATER_DELAY} on the health-job scheduler, if configured. */
    private void scheduleRetry(String id, ConnectionFailure shown, SetupCardPresenter presenter, int cards) {
        Scheduler scheduler = healthScheduler;
        if (scheduler == null) {
            return;
        }
        String name = RECOVERY_JOB_PREFIX + id;
        scheduler.schedule(name, Schedule.every(RETRY_LATER_DELAY, RETRY_LATER_DELAY), () -> {
            scheduler.cancel(name);
            runHealthRecovery(id, RETRY, shown, presenter, cards);
        });
    }

    /** The {@link RefreshDecision} rules after a healthy check of {@code checked}. */
    private HealthReport applyRefreshRules(Connection checked, HealthCheckResult health) {
        String id = checked.connectionId();
        RefreshDecision decision = RefreshDecision.evaluate(checked, clock.instant());
        boolean refreshed = decision.refresh() && refreshToken(id);
        if (decision.dormantRefresh()) {
            audit.append(EVENT_REFRESH_DORMANT, Map.of("connection_id", id, "refreshed", refreshed));
        }
        if (refreshed) {
            // the refresh may have rotated the refresh token: the 7-day rule applies to the expiry it reported
            decision = RefreshDecision.evaluate(current(id), clock.instant());
        }
        ReconnectSuggestion suggestion = decision.suggestion();
        if (suggestion != null) {
            audit.append(EVENT_RECONNECT_SUGGESTED, Map.of("connection_id", id, "days_left", suggestion.daysLeft()));
            try {
                suggestions.accept(suggestion);
            } catch (RuntimeException e) {
                LOG.warn("reconnect suggestion for connection {} could not be delivered ({})", id,
                        e.getClass().getSimpleName());
            }
        }
        return new HealthReport(id, health, refreshed, false, ConnectionStatus.ACTIVE, null, suggestion);
    }

    @Override
    public List<ScheduledJob> scheduleProactiveRefresh(Scheduler scheduler, SetupCardPresenter presenter) {
        Checks.nonNull(scheduler, "scheduler");
        Checks.nonNull(presenter, "presenter");
        List<ScheduledJob> jobs = new ArrayList<>();
        for (Connection connection : registry.list()) {
            String name = HEALTH_JOB_PREFIX + connection.connectionId();
            if (connection.status() != ConnectionStatus.ACTIVE) {
                scheduler.cancel(name);
                continue;
            }
            jobs.add(scheduleHealthJob(scheduler, connection, presenter));
        }
        return List.copyOf(jobs);
    }

    /** Registers {@code health:<id>}; the job skips the connection once it is no longer active. */
    private ScheduledJob scheduleHealthJob(Scheduler scheduler, Connection connection, SetupCardPresenter presenter) {
        String id = connection.connectionId();
        Runnable job = () -> registry.get(id)
                .filter(c -> c.status() == ConnectionStatus.ACTIVE)
                .ifPresent(c -> checkOne(c, presenter));
        return scheduler.schedule(HEALTH_JOB_PREFIX + id, Schedule.cron(connection.healthCheck()), job);
    }

    /** A health-check result, with the structured failure the script reported, if any. */
    private record Probe(HealthCheckResult result, @Nullable ConnectionFailure failure) {
    }

    private Probe healthCheck(Connection connection) {
        ScriptRun run = runFor(connection, SkillScript.HEALTH_CHECK);
        if (run.isFailed()) {
            return unhealthy(run.failure());
        }
        List<ScriptEvent.Failed> failed = run.eventsOf(ScriptEvent.Failed.class);
        if (!failed.isEmpty()) {
            return unhealthy(failed.get(0).failure());
        }
        List<ScriptEvent.Result> results = run.eventsOf(ScriptEvent.Result.class);
        if (results.isEmpty()) {
            return unhealthy(ConnectionFailure.unknown(connection.skillName(), "health check reported no result"));
        }
        try {
            return new Probe(Json.convert(results.get(0).result(), HealthCheckResult.class), null);
        } catch (SilasException e) {
            return unhealthy(ConnectionFailure.unknown(connection.skillName(), "health check result is malformed"));
        }
    }

    private static Probe unhealthy(ConnectionFailure failure) {
        return new Probe(new HealthCheckResult(false, null, null, 0, failure.message(), List.of()), failure);
    }

    @Override
    public boolean refreshToken(String connectionId) {
        Connection connection = current(connectionId);
        ScriptRun run = runFor(connection, SkillScript.REFRESH_TOKEN);
        List<ScriptEvent.Result> results = run.eventsOf(ScriptEvent.Result.class);
        if (run.isFailed() || results.isEmpty() || !run.eventsOf(ScriptEvent.Failed.class).isEmpty()) {
            return false;
        }
        JsonNode result = results.get(0).result();
        Instant expiresAt;
        Instant refreshExpiresAt;
        try {
            expiresAt = instant(result.get("token_expires_at"));
            refreshExpiresAt = result.has("refresh_token_expires_at")
                    ? instant(result.get("refresh_token_expires_at")) : connection.refreshTokenExpiresAt();
        } catch (SilasException e) {
            return false;
        }
        save(current(connectionId).withRefresh(expiresAt, refreshExpiresAt, clock.instant()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("connection_id", connectionId);
        data.put("refresh_token_rotated", result.has("refresh_token_expires_at"));
        audit.append(EVENT_REFRESHED, data);
        return true;
    }

    private static @Nullable Instant instant(@Nullable JsonNode value) {
        return value == null || value.isNull() ? null : Json.convert(value, Instant.class);
    }

    @Override
    public boolean recover(String connectionId) {
        Connection connection = current(connectionId);
        ScriptRun run = runFor(connection, SkillScript.RECOVER);
        if (!resultFlag(run, "recovered")) {
            return false;
        }
        audit.append(EVENT_RECOVERED, Map.of("connection_id", connectionId));
        return true;
    }

    @Override
    public List<Connection> listConnections() {
        return registry.list();
    }

    private ScriptRun runFor(Connection connection, SkillScript script) {
        ConnectionSkill skill = skills.find(connection.skillName()).orElse(null);
        if (skill == null) {
            return ScriptRun.failed(ConnectionFailure.unknown(connection.skillName(), "connection skill not found"));
        }
        return skills.run(skill, script, List.of(new ScriptMessage.Invoke(connection.connectionId(),
                skill.name())), refsOf(connection.connectionId()));
    }

    /** The {@code CREDENTIAL_REF_*} environment saved for the connection (none for records saved without refs). */
    private Map<String, String> refsOf(String connectionId) {
        return registry.credentialRefs(connectionId).map(CredentialRefs::refs).orElse(Map.of());
    }

    /** The scope that owns the connection; records saved without refs fall back to their domain tag. */
    private String ownerScope(Connection connection) {
        return registry.credentialRefs(connection.connectionId()).map(CredentialRefs::scopeId)
                .orElse(connection.domain());
    }

    private Connection current(String connectionId) {
        Checks.nonBlank(connectionId, "connection_id");
        return registry.get(connectionId).orElseThrow(() -> SilasException.invalid("connection_id",
                "unknown connection"));
    }

    private void save(Connection connection) {
        registry.save(connection);
    }

    private static boolean resultFlag(ScriptRun run, String field) {
        if (run.isFailed() || !run.eventsOf(ScriptEvent.Failed.class).isEmpty()) {
            return false;
        }
        return run.eventsOf(ScriptEvent.Result.class).stream()
                .anyMatch(r -> r.result().path(field).asBoolean(false) && r.result().get(field).isBoolean());
    }

    /** {@code CREDENTIAL_REF_} plus the script's ref id in upper case, other characters as {@code _}. */
    private static String envName(String scriptRef) {
        return SkillScripts.CREDENTIAL_REF_PREFIX
                + scriptRef.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    private static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
