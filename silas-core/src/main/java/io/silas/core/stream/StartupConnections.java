package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.connection.Connection;
import io.silas.core.connection.ConnectionManager;
import io.silas.core.connection.ConnectionStatus;
import io.silas.core.connection.HealthReport;
import io.silas.core.connection.SetupCardPresenter;
import io.silas.core.work.WorkItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection-health step of {@link Stream#start()} (docs/contracts.md#stream-and-turns startup steps 3–4):
 * health-checks the connections the active goal depends on through the {@link ConnectionManager}, which refreshes and
 * recovers each unhealthy one at most once and, when that fails, marks it {@code failed} and offers its failure card
 * (recovery chips) to the connection's owner scope through the presenter without waiting for the answer — the only
 * notice the owner gets.
 *
 * <p>A goal depends on a connection when the connection's {@link Connection#skillName() skill} is one of the goal's
 * {@link WorkItem#skills() skills} (the work-item model has no separate connection field: connections are skills).
 * Only {@code active} dependencies are checked; the others are audited as skipped with their status.
 *
 * <p>Not thread-safe; {@link StartupSequence} runs it once.
 */
final class StartupConnections {
    private static final Logger LOG = LoggerFactory.getLogger(StartupConnections.class);

    private final ConnectionManager manager;
    private final SetupCardPresenter presenter;

    StartupConnections(ConnectionManager manager, SetupCardPresenter presenter) {
        this.manager = manager;
        this.presenter = presenter;
    }

    /** Checks the dependencies of {@code goal} (none without a goal); returns one report per checked connection. */
    List<HealthReport> check(@Nullable WorkItem goal, AuditLog audit) {
        List<Connection> dependencies = goal == null ? List.of() : manager.listConnections().stream()
                .filter(c -> goal.skills().contains(c.skillName())).toList();
        List<HealthReport> reports = new ArrayList<>();
        int errors = 0;
        for (Connection connection : dependencies) {
            if (connection.status() != ConnectionStatus.ACTIVE) {
                audit.append(StartupSequence.EVENT_CONNECTION_SKIPPED, AuditData.create()
                        .connection(connection.connectionId()).put("skill", connection.skillName())
                        .put("status", wire(connection.status())));
                continue;
            }
            try {
                HealthReport report = manager.checkConnection(connection.connectionId(), presenter);
                reports.add(report);
                audit.append(StartupSequence.EVENT_CONNECTION_CHECKED, checked(connection, report));
            } catch (RuntimeException e) {
                errors++;
                LOG.warn("startup health check of connection {} failed ({})", connection.connectionId(),
                        e.getClass().getSimpleName());
                audit.append(StartupSequence.EVENT_CONNECTION_CHECK_FAILED, AuditData.create()
                        .connection(connection.connectionId()).put("exception", e.getClass().getName()));
            }
        }
        AuditData summary = AuditData.create();
        summary.put("goal_id", goal == null ? "none" : goal.id());
        summary.put("dependencies", dependencies.size());
        summary.put("checked", reports.size());
        summary.put("failed", reports.stream().filter(r -> r.status() == ConnectionStatus.FAILED).count());
        summary.put("errors", errors);
        audit.append(StartupSequence.EVENT_CONNECTION_HEALTH, summary);
        return List.copyOf(reports);
    }

    private static AuditData checked(Connection connection, HealthReport report) {
        return AuditData.create().connection(connection.connectionId()).put("skill", connection.skillName())
                .put("status", wire(report.status())).put("refreshed", report.refreshed())
                .put("recovered", report.recovered()).put("failure_card_offered", report.failure() != null);
    }

    private static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
