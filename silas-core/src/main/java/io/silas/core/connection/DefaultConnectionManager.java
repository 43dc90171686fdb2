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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final Duration REFRESH_WINDOW = Duration.ofMinutes(10);

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
    private final Map<String, Map<String, String>> credentials = new ConcurrentHashMap<>();

    DefaultConnectionManager(SkillScripts skills, ConnectionRegistry registry, SecureInputRegistry secureInput,
                             ApprovalEngine approvals, AuditLog audit, Clock clock, IdGenerator ids,
                             Duration cardTimeout, Duration secureInputTtl, String domain, String healthCheckCron) {
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
        return new SetupFlow(skill, scopeId, presenter).run();
    }

    /** One setup conversation: the accumulated messages, the credentials collected so far, the refs to discard. */
    private final class SetupFlow {
        private final ConnectionSkill skill;
        private final String scopeId;
        private final SetupCardPresenter presenter;
        private final String connectionId = "conn-" + ids.next();
        private final List<ScriptMessage> messages = new ArrayList<>();
        private final Map<String, String> credentialEnv = new LinkedHashMap<>();
        private final List<String> registeredRefs = new ArrayList<>();

        SetupFlow(ConnectionSkill skill, String scopeId, SetupCardPresenter presenter) {
            this.skill = skill;
            this.scopeId = scopeId;
            this.presenter = presenter;
            messages.add(new ScriptMessage.Start(skill.authStrategy(), skill.initialPermissions(), List.of(), null));
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
            showQuietly(new SetupStep.Failure(withSkip(failure)));
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
            save(connection.withHealth(health.result(), clock.instant()));
            Instant expires = health.result().tokenExpiresAt();
            boolean refreshed = expires != null && expires.isBefore(clock.instant().plus(REFRESH_WINDOW))
                    && refreshToken(id);
            return new HealthReport(id, health.result(), refreshed, false, ConnectionStatus.ACTIVE, null);
        }
        boolean refreshed = refreshToken(id);
        if (refreshed) {
            health = healthCheck(current(id));
            if (health.result().healthy()) {
                save(current(id).withHealth(health.result(), clock.instant()));
                return new HealthReport(id, health.result(), true, false, ConnectionStatus.ACTIVE, null);
            }
        }
        boolean recovered = recover(id);
        if (recovered) {
            health = healthCheck(current(id));
            if (health.result().healthy()) {
                save(current(id).withHealth(health.result(), clock.instant()));
                return new HealthReport(id, health.result(), refreshed, true, ConnectionStatus.ACTIVE, null);
            }
        }
        ConnectionFailure failure = health.failure() != null ? health.failure()
                : ConnectionFailure.unknown(connection.skillName(), "connection is unhealthy");
        save(current(id).withStatus(ConnectionStatus.FAILED));
        audit.append(EVENT_FAILED, Map.of("connection_id", id, "failure_type", wire(failure.failureType())));
        try {
            presenter.show(connection.domain(), new SetupStep.Failure(withSkip(failure)));
        } catch (RuntimeException e) {
            LOG.warn("failure card for connection {} could not be shown ({})", id, e.getClass().getSimpleName());
        }
        return new HealthReport(id, health.result(), refreshed, recovered, ConnectionStatus.FAILED, failure);
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

    private static ConnectionFailure withSkip(ConnectionFailure failure) {
        return new ConnectionFailure(failure.failureType(), failure.service(), failure.message(),
                failure.optionsWithSkip());
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
