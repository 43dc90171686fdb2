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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ConnectionManager}. Credential refs of active connections are kept in memory (keyed by
 * connection id): after a restart, scripts of existing connections run without {@code CREDENTIAL_REF_*} until the
 * connection is set up again.
 */
final class DefaultConnectionManager implements ConnectionManager {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConnectionManager.class);
    private static final int MAX_ROUNDS = 16;

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
    private final Map<String, Map<String, String>> credentials = new ConcurrentHashMap<>();

    DefaultConnectionManager(SkillScripts skills, ConnectionRegistry registry, SecureInputRegistry secureInput,
                             ApprovalEngine approvals, AuditLog audit, Clock clock, IdGenerator ids,
                             Duration cardTimeout, Duration secureInputTtl, String domain, String healthCheckCron,
                             Consumer<ReconnectSuggestion> suggestions, @Nullable Scheduler healthScheduler,
                             @Nullable SetupCardPresenter healthPresenter) {
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
        return new SetupFlow(skill, scopeId, presenter, connectionId,
                new ScriptMessage.Start(skill.authStrategy(), skill.initialPermissions(), List.of(), null),
                Map.of()).run();
    }

    /** One setup conversation: the accumulated messages, the credentials collected so far, the refs to discard. */
    private final class SetupFlow {
        private final ConnectionSkill skill;
        private final String scopeId;
        private final SetupCardPresenter presenter;
        private final String connectionId;
        private final List<ScriptMessage> messages = new ArrayList<>();
        private final Map<String, String> credentialEnv = new LinkedHashMap<>();
        private final List<String> registeredRefs = new ArrayList<>();

        /** A flow starting with {@code start}; {@code existingRefs} are the refs a re-auth already holds. */
        SetupFlow(ConnectionSkill skill, String scopeId, SetupCardPresenter presenter, String connectionId,
                  ScriptMessage.Start start, Map<String, String> existingRefs) {
            this.skill = skill;
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
            showQuietly(new SetupStep.Failure(RecoveryOptions.withOptions(failure)));
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
        credentials.put(connection.connectionId(), proposal.credentialRefs());
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
        SetupOutcome outcome = new SetupFlow(skill, scopeId, presenter, connection.connectionId(),
                new ScriptMessage.Start(skill.authStrategy(), connection.permissionsGranted(),
                        request.requestedPermissions(), null),
                credentials.getOrDefault(connection.connectionId(), Map.of())).run();
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
        credentials.put(connection.connectionId(), proposed.proposal().credentialRefs());
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

    private HealthReport checkOne(Connection connection, SetupCardPresenter presenter) {
        String id = connection.connectionId();
        Probe health = healthCheck(connection);
        if (health.result().healthy()) {
            Connection checked = connection.withHealth(health.result(), clock.instant());
            save(checked);
            return applyRefreshRules(checked, health.result());
        }
        boolean refreshed = refreshToken(id);
        if (refreshed) {
            health = healthCheck(current(id));
            if (health.result().healthy()) {
                save(current(id).withHealth(health.result(), clock.instant()));
                return new HealthReport(id, health.result(), true, false, ConnectionStatus.ACTIVE, null, null);
            }
        }
        boolean recovered = recover(id);
        if (recovered) {
            health = healthCheck(current(id));
            if (health.result().healthy()) {
                save(current(id).withHealth(health.result(), clock.instant()));
                return new HealthReport(id, health.result(), refreshed, true, ConnectionStatus.ACTIVE, null, null);
            }
        }
        ConnectionFailure failure = health.failure() != null ? health.failure()
                : ConnectionFailure.unknown(connection.skillName(), "connection is unhealthy");
        save(current(id).withStatus(ConnectionStatus.FAILED));
        audit.append(EVENT_FAILED, Map.of("connection_id", id, "failure_type", wire(failure.failureType())));
        try {
            presenter.show(connection.domain(), new SetupStep.Failure(RecoveryOptions.withOptions(failure)));
        } catch (RuntimeException e) {
            LOG.warn("failure card for connection {} could not be shown ({})", id, e.getClass().getSimpleName());
        }
        return new HealthReport(id, health.result(), refreshed, recovered, ConnectionStatus.FAILED, failure, null);
    }

    /** The {@link RefreshDecision} rules after a healthy check of {@code checked}. */
    private HealthReport applyRefreshRules(Connection checked, HealthCheckResult health) {
        String id = checked.connectionId();
        RefreshDecision decision = RefreshDecision.evaluate(checked, clock.instant());
        boolean refreshed = decision.refresh() && refreshToken(id);
        if (decision.dormantRefresh()) {
            audit.append(EVENT_REFRESH_DORMANT, Map.of("connection_id", id, "refreshed", refreshed));
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
        JsonNode expires = results.get(0).result().get("token_expires_at");
        Instant expiresAt;
        try {
            expiresAt = expires == null || expires.isNull() ? null : Json.convert(expires, Instant.class);
        } catch (SilasException e) {
            return false;
        }
        save(connection.withRefresh(expiresAt, clock.instant()));
        audit.append(EVENT_REFRESHED, Map.of("connection_id", connectionId));
        return true;
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
                skill.name())), credentials.getOrDefault(connection.connectionId(), Map.of()));
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
