package io.silas.core.connection;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Builds the default {@link ConnectionManager}. Required: {@code skills}, {@code registry}, {@code secureInput},
 * {@code approvals}, {@code audit}, {@code clock}. Optional: {@code ids} (random), {@code cardTimeout} (10 min),
 * {@code secureInputTtl} (10 min), {@code domain} ({@code personal}), {@code healthCheckCron}
 * ({@code *}{@code /30 * * * *}), {@code reconnectSuggestions} (none), {@code recoveryOutcomes} (none),
 * {@code recoveryExecutor} (a daemon thread per tap). Each setter may be called once (a second call is
 * {@code CONFIG_INVALID}); {@link #build()} names every missing part.
 *
 * <pre>{@code
 * ConnectionManager connections = ConnectionManager.builder()
 *     .skills(SkillScripts.create(skillsDir, Sandboxes.subprocess(), Duration.ofSeconds(60)))
 *     .registry(stores.connectionRegistry()).secureInput(secureInput)
 *     .approvals(approvalEngine)
 *     .audit(audit).clock(clock).build();
 * }</pre>
 */
public final class ConnectionManagerBuilder {
    private @Nullable SkillScripts skills;
    private @Nullable ConnectionRegistry registry;
    private @Nullable SecureInputRegistry secureInput;
    private @Nullable ApprovalEngine approvals;
    private @Nullable AuditLog audit;
    private @Nullable Clock clock;
    private @Nullable IdGenerator ids;
    private @Nullable Duration cardTimeout;
    private @Nullable Duration secureInputTtl;
    private @Nullable String domain;
    private @Nullable String healthCheckCron;
    private @Nullable Consumer<ReconnectSuggestion> suggestions;
    private @Nullable Scheduler healthScheduler;
    private @Nullable SetupCardPresenter healthPresenter;
    private @Nullable Consumer<RecoveryOutcome> recoveries;
    private @Nullable Executor recoveryExecutor;

    ConnectionManagerBuilder() {
    }

    public ConnectionManagerBuilder skills(SkillScripts value) {
        skills = once(skills, value, "skills");
        return this;
    }

    public ConnectionManagerBuilder registry(ConnectionRegistry value) {
        registry = once(registry, value, "registry");
        return this;
    }

    public ConnectionManagerBuilder secureInput(SecureInputRegistry value) {
        secureInput = once(secureInput, value, "secure_input");
        return this;
    }

    /** The engine that verifies (and consumes) {@code connection_manage} tokens. */
    public ConnectionManagerBuilder approvals(ApprovalEngine value) {
        approvals = once(approvals, value, "approvals");
        return this;
    }

    public ConnectionManagerBuilder audit(AuditLog value) {
        audit = once(audit, value, "audit");
        return this;
    }

    public ConnectionManagerBuilder clock(Clock value) {
        clock = once(clock, value, "clock");
        return this;
    }

    public ConnectionManagerBuilder ids(IdGenerator value) {
        ids = once(ids, value, "ids");
        return this;
    }

    /** How long an interactive setup card waits before it counts as cancel. */
    public ConnectionManagerBuilder cardTimeout(Duration value) {
        cardTimeout = once(cardTimeout, positive(value, "card_timeout"), "card_timeout");
        return this;
    }

    /** How long a secure-input ref stays submittable. */
    public ConnectionManagerBuilder secureInputTtl(Duration value) {
        secureInputTtl = once(secureInputTtl, positive(value, "secure_input_ttl"), "secure_input_ttl");
        return this;
    }

    /** The domain tag of new connections. */
    public ConnectionManagerBuilder domain(String value) {
        domain = once(domain, Checks.nonBlank(value, "domain"), "domain");
        return this;
    }

    /** The health-check cron expression stored on new connections. */
    public ConnectionManagerBuilder healthCheckCron(String value) {
        healthCheckCron = once(healthCheckCron, Checks.nonBlank(value, "health_check"), "health_check");
        return this;
    }

    /** Where reconnect suggestions go (e.g. the suggestion engine); default: only audited and reported. */
    public ConnectionManagerBuilder reconnectSuggestions(Consumer<ReconnectSuggestion> value) {
        suggestions = once(suggestions, value, "reconnect_suggestions");
        return this;
    }

    /**
     * Registers each newly activated connection's health-check job {@code health:<connection_id>} on
     * {@code scheduler} right after activation, with failure cards going to {@code presenter}; default: the
     * host calls {@link ConnectionManager#scheduleProactiveRefresh} itself.
     */
    public ConnectionManagerBuilder healthJobs(Scheduler scheduler, SetupCardPresenter presenter) {
        healthScheduler = once(healthScheduler, scheduler, "health_scheduler");
        healthPresenter = once(healthPresenter, presenter, "health_presenter");
        return this;
    }

    /**
     * Where the outcome of each failure card's chip goes after its action ran (e.g. to submit a drafted IT request
     * for planning); default: only audited ({@value ConnectionManager#EVENT_RECOVERY}).
     */
    public ConnectionManagerBuilder recoveryOutcomes(Consumer<RecoveryOutcome> value) {
        recoveries = once(recoveries, value, "recovery_outcomes");
        return this;
    }

    /**
     * Runs the recovery a user taps on a health-failure card (scripts, and for {@code reconnect} a setup flow that
     * blocks on its cards), off the thread that delivered the tap; default: a new daemon thread per tap.
     */
    public ConnectionManagerBuilder recoveryExecutor(Executor value) {
        recoveryExecutor = once(recoveryExecutor, value, "recovery_executor");
        return this;
    }

    /** Builds the manager. */
    public ConnectionManager build() {
        List<String> missing = new ArrayList<>();
        if (skills == null) {
            missing.add("skills");
        }
        if (registry == null) {
            missing.add("registry");
        }
        if (secureInput == null) {
            missing.add("secure_input");
        }
        if (approvals == null) {
            missing.add("approvals");
        }
        if (audit == null) {
            missing.add("audit");
        }
        if (clock == null) {
            missing.add("clock");
        }
        if (!missing.isEmpty()) {
            throw new SilasException(ErrorCode.MISSING_COLLABORATOR,
                    "connection manager is missing: " + String.join(", ", missing));
        }
        return assemble(skills, registry, secureInput, approvals, audit, clock);
    }

    /** Wires the manager's parts; each takes only what it uses. */
    private ConnectionManager assemble(SkillScripts skills, ConnectionRegistry registry,
                                       SecureInputRegistry secureInput, ApprovalEngine approvals, AuditLog audit,
                                       Clock clock) {
        IdGenerator idGenerator = ids == null ? IdGenerator.random() : ids;
        Duration cards = cardTimeout == null ? Duration.ofMinutes(10) : cardTimeout;
        String domainTag = domain == null ? "personal" : domain;
        RegisteredConnections records = new RegisteredConnections(registry);
        RecoveryChips chips = new RecoveryChips(audit, idGenerator, domainTag, cards,
                recoveries == null ? r -> { } : recoveries);
        SetupFlows setup = new SetupFlows(skills, secureInput, audit, idGenerator,
                secureInputTtl == null ? Duration.ofMinutes(10) : secureInputTtl, domainTag, chips);
        HealthProbes probes = new HealthProbes(skills, records, audit, clock);
        HealthRecovery recovery = new HealthRecovery(records, probes, setup, chips, skills, clock,
                recoveryExecutor == null ? ConnectionManagerBuilder::runOnOwnThread : recoveryExecutor,
                healthScheduler);
        HealthMonitor health = new HealthMonitor(records, probes, recovery, audit, clock,
                suggestions == null ? s -> { } : suggestions, healthScheduler, healthPresenter);
        Activation activation = new Activation(records, approvals, audit, clock,
                healthCheckCron == null ? "*/30 * * * *" : healthCheckCron, health::activated);
        Escalation escalation = new Escalation(skills, records, approvals, audit, cards, setup);
        return new DefaultConnectionManager(skills, records, setup, activation, escalation, health, probes);
    }

    /** The default recovery executor: a tapped chip is rare and human-paced, so each runs on a new daemon thread. */
    private static void runOnOwnThread(Runnable task) {
        Thread thread = new Thread(task, "silas-connection-recovery");
        thread.setDaemon(true);
        thread.start();
    }

    private static <T> T once(@Nullable T current, @Nullable T value, String field) {
        if (value == null) {
            throw SilasException.invalid(field, "must not be null");
        }
        if (current != null) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "ConnectionManager builder: " + field + " set twice");
        }
        return value;
    }

    private static Duration positive(@Nullable Duration value, String field) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw SilasException.invalid(field, "must be positive");
        }
        return value;
    }
}
