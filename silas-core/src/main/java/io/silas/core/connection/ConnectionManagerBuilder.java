package io.silas.core.connection;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import io.silas.core.error.RequiredParts;
import io.silas.core.error.SetOnce;
import io.silas.core.error.SilasException;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
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
    private static final String BUILDER = "ConnectionManager builder";

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

    /**
     * Sets the skills.
     *
     * @param value the new value
     * @return this builder
     */
    public ConnectionManagerBuilder skills(SkillScripts value) {
        skills = SetOnce.first(skills, value, BUILDER, "skills");
        return this;
    }

    /**
     * Sets the registry.
     *
     * @param value the new value
     * @return this builder
     */
    public ConnectionManagerBuilder registry(ConnectionRegistry value) {
        registry = SetOnce.first(registry, value, BUILDER, "registry");
        return this;
    }

    /**
     * Sets the secure input.
     *
     * @param value the new value
     * @return this builder
     */
    public ConnectionManagerBuilder secureInput(SecureInputRegistry value) {
        secureInput = SetOnce.first(secureInput, value, BUILDER, "secure_input");
        return this;
    }

    /**
     * {@return the engine that verifies (and consumes) {@code connection_manage} tokens}
     *
     * @param value the new value
     */
    public ConnectionManagerBuilder approvals(ApprovalEngine value) {
        approvals = SetOnce.first(approvals, value, BUILDER, "approvals");
        return this;
    }

    /**
     * Sets the audit.
     *
     * @param value the new value
     * @return this builder
     */
    public ConnectionManagerBuilder audit(AuditLog value) {
        audit = SetOnce.first(audit, value, BUILDER, "audit");
        return this;
    }

    /**
     * Sets the clock.
     *
     * @param value the new value
     * @return this builder
     */
    public ConnectionManagerBuilder clock(Clock value) {
        clock = SetOnce.first(clock, value, BUILDER, "clock");
        return this;
    }

    /**
     * Sets the ids.
     *
     * @param value the new value
     * @return this builder
     */
    public ConnectionManagerBuilder ids(IdGenerator value) {
        ids = SetOnce.first(ids, value, BUILDER, "ids");
        return this;
    }

    /**
     * {@return how long an interactive setup card waits before it counts as cancel}
     *
     * @param value the new value
     */
    public ConnectionManagerBuilder cardTimeout(Duration value) {
        cardTimeout = SetOnce.first(cardTimeout, positive(value, "card_timeout"), BUILDER, "card_timeout");
        return this;
    }

    /**
     * {@return how long a secure-input ref stays submittable}
     *
     * @param value the new value
     */
    public ConnectionManagerBuilder secureInputTtl(Duration value) {
        secureInputTtl = SetOnce.first(secureInputTtl, positive(value, "secure_input_ttl"), BUILDER,
                "secure_input_ttl");
        return this;
    }

    /**
     * Sets the domain.
     *
     * @param value the new value
     * @return this builder
     */
    public ConnectionManagerBuilder domain(String value) {
        domain = SetOnce.first(domain, Checks.nonBlank(value, "domain"), BUILDER, "domain");
        return this;
    }

    /**
     * {@return the health-check cron expression stored on new connections}
     *
     * @param value the new value
     */
    public ConnectionManagerBuilder healthCheckCron(String value) {
        healthCheckCron = SetOnce.first(healthCheckCron, Checks.nonBlank(value, "health_check"), BUILDER,
                "health_check");
        return this;
    }

    /**
     * {@return where reconnect suggestions go (e.g. the suggestion engine); default: only audited and reported}
     *
     * @param value the new value
     */
    public ConnectionManagerBuilder reconnectSuggestions(Consumer<ReconnectSuggestion> value) {
        suggestions = SetOnce.first(suggestions, value, BUILDER, "reconnect_suggestions");
        return this;
    }

    /**
     * Registers each newly activated connection's health-check job {@code health:<connection_id>} on
     * {@code scheduler} right after activation, with failure cards going to {@code presenter}; default: the
     * host calls {@link ConnectionManager#scheduleProactiveRefresh} itself.
     *
     * @param scheduler the job scheduler
     * @param presenter the presenter
     * @return the connection manager builder
     */
    public ConnectionManagerBuilder healthJobs(Scheduler scheduler, SetupCardPresenter presenter) {
        healthScheduler = SetOnce.first(healthScheduler, scheduler, BUILDER, "health_scheduler");
        healthPresenter = SetOnce.first(healthPresenter, presenter, BUILDER, "health_presenter");
        return this;
    }

    /**
     * {@return where the outcome of each failure card's chip goes after its action ran (e.g. to submit a drafted IT request
     * for planning); default: only audited ({@value ConnectionManager#EVENT_RECOVERY})}
     *
     * @param value the new value
     */
    public ConnectionManagerBuilder recoveryOutcomes(Consumer<RecoveryOutcome> value) {
        recoveries = SetOnce.first(recoveries, value, BUILDER, "recovery_outcomes");
        return this;
    }

    /**
     * Runs the recovery a user taps on a health-failure card (scripts, and for {@code reconnect} a setup flow that
     * blocks on its cards), off the thread that delivered the tap; default: a new daemon thread per tap.
     *
     * @param value the new value
     * @return the connection manager builder
     */
    public ConnectionManagerBuilder recoveryExecutor(Executor value) {
        recoveryExecutor = SetOnce.first(recoveryExecutor, value, BUILDER, "recovery_executor");
        return this;
    }

    /**
     * Builds the manager.
     *
     * @return the connection manager
     */
    public ConnectionManager build() {
        RequiredParts.of("connection manager")
                .require(skills, "skills")
                .require(registry, "registry")
                .require(secureInput, "secure_input")
                .require(approvals, "approvals")
                .require(audit, "audit")
                .require(clock, "clock")
                .check();
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


    private static Duration positive(@Nullable Duration value, String field) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw SilasException.invalid(field, "must be positive");
        }
        return value;
    }
}
