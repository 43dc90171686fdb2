package io.silas.core.connection;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.ScheduledJob;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health checks of active connections, on demand and as scheduled {@code health:<id>} jobs: a healthy check applies
 * the {@link RefreshDecision} rules; an unhealthy one is repaired (refresh, recover) or marks the connection
 * {@code failed} and offers its failure card ({@link HealthRecovery}).
 */
final class HealthMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final RegisteredConnections records;
    private final HealthProbes probes;
    private final HealthRecovery recovery;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<ReconnectSuggestion> suggestions;
    private final @Nullable Scheduler healthScheduler;
    private final @Nullable SetupCardPresenter healthPresenter;

    HealthMonitor(RegisteredConnections records, HealthProbes probes, HealthRecovery recovery, AuditLog audit,
                  Clock clock, Consumer<ReconnectSuggestion> suggestions, @Nullable Scheduler healthScheduler,
                  @Nullable SetupCardPresenter healthPresenter) {
        this.records = records;
        this.probes = probes;
        this.recovery = recovery;
        this.audit = audit;
        this.clock = clock;
        this.suggestions = suggestions;
        this.healthScheduler = healthScheduler;
        this.healthPresenter = healthPresenter;
    }

    List<HealthReport> checkAll(SetupCardPresenter presenter) {
        Checks.nonNull(presenter, "presenter");
        List<HealthReport> reports = new ArrayList<>();
        for (Connection connection : records.active()) {
            reports.add(checkOne(connection, presenter));
        }
        return List.copyOf(reports);
    }

    HealthReport check(String connectionId, SetupCardPresenter presenter) {
        Checks.nonNull(presenter, "presenter");
        Connection connection = records.current(connectionId);
        if (connection.status() != ConnectionStatus.ACTIVE) {
            throw SilasException.invalid("connection_id", "is not an active connection");
        }
        return checkOne(connection, presenter);
    }

    private HealthReport checkOne(Connection connection, SetupCardPresenter presenter) {
        String id = connection.connectionId();
        HealthProbes.Probe health = probes.healthCheck(connection);
        if (health.result().healthy()) {
            Connection checked = connection.withHealth(health.result(), clock.instant());
            records.save(checked);
            return applyRefreshRules(checked, health.result());
        }
        HealthProbes.Repair repair = probes.repair(id, health);
        if (repair.failure() == null) {
            return new HealthReport(id, repair.health(), repair.refreshed(), repair.recovered(),
                    ConnectionStatus.ACTIVE, null, null);
        }
        records.save(records.current(id).withStatus(ConnectionStatus.FAILED));
        audit.append(ConnectionManager.EVENT_FAILED, AuditData.create().connection(id)
                .put("failure_type", RegisteredConnections.wire(repair.failure().failureType())));
        recovery.offer(id, repair.failure(), presenter, 0);
        return new HealthReport(id, repair.health(), repair.refreshed(), repair.recovered(), ConnectionStatus.FAILED,
                repair.failure(), null);
    }

    /** The {@link RefreshDecision} rules after a healthy check of {@code checked}. */
    private HealthReport applyRefreshRules(Connection checked, HealthCheckResult health) {
        String id = checked.connectionId();
        RefreshDecision decision = RefreshDecision.evaluate(checked, clock.instant());
        boolean refreshed = decision.refresh() && probes.refreshToken(id);
        if (decision.dormantRefresh()) {
            audit.append(ConnectionManager.EVENT_REFRESH_DORMANT, AuditData.create().connection(id)
                    .put("refreshed", refreshed));
        }
        if (refreshed) {
            // the refresh may have rotated the refresh token: the 7-day rule applies to the expiry it reported
            decision = RefreshDecision.evaluate(records.current(id), clock.instant());
        }
        ReconnectSuggestion suggestion = decision.suggestion();
        if (suggestion != null) {
            audit.append(ConnectionManager.EVENT_RECONNECT_SUGGESTED, AuditData.create().connection(id)
                    .put("days_left", suggestion.daysLeft()));
            try {
                suggestions.accept(suggestion);
            } catch (RuntimeException e) {
                LOG.warn("reconnect suggestion for connection {} could not be delivered ({})", id,
                        e.getClass().getSimpleName());
            }
        }
        return new HealthReport(id, health, refreshed, false, ConnectionStatus.ACTIVE, null, suggestion);
    }

    /** {@link ConnectionManager#scheduleProactiveRefresh}: a job per active connection, none for the others. */
    List<ScheduledJob> scheduleAll(Scheduler scheduler, SetupCardPresenter presenter) {
        Checks.nonNull(scheduler, "scheduler");
        Checks.nonNull(presenter, "presenter");
        List<ScheduledJob> jobs = new ArrayList<>();
        for (Connection connection : records.list()) {
            String name = ConnectionManager.HEALTH_JOB_PREFIX + connection.connectionId();
            if (connection.status() != ConnectionStatus.ACTIVE) {
                scheduler.cancel(name);
                continue;
            }
            jobs.add(schedule(scheduler, connection, presenter));
        }
        return List.copyOf(jobs);
    }

    /** Schedules the job of a newly activated connection when the builder was given health jobs. */
    void activated(Connection connection) {
        if (healthScheduler != null && healthPresenter != null) {
            schedule(healthScheduler, connection, healthPresenter);
        }
    }

    /** Registers {@code health:<id>}; the job skips the connection once it is no longer active. */
    private ScheduledJob schedule(Scheduler scheduler, Connection connection, SetupCardPresenter presenter) {
        String id = connection.connectionId();
        Runnable job = () -> records.find(id)
                .filter(c -> c.status() == ConnectionStatus.ACTIVE)
                .ifPresent(c -> checkOne(c, presenter));
        return scheduler.schedule(ConnectionManager.HEALTH_JOB_PREFIX + id, Schedule.cron(connection.healthCheck()),
                job);
    }
}
