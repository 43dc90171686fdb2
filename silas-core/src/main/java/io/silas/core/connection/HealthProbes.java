package io.silas.core.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The scripts run against a registered connection: {@code health_check}, {@code refresh_token} and {@code recover},
 * and the repair sequence that combines them. Updates the record; never sets status {@code failed} (callers do).
 */
final class HealthProbes {
    private final SkillScripts skills;
    private final RegisteredConnections records;
    private final AuditLog audit;
    private final Clock clock;

    HealthProbes(SkillScripts skills, RegisteredConnections records, AuditLog audit, Clock clock) {
        this.skills = skills;
        this.records = records;
        this.audit = audit;
        this.clock = clock;
    }

    /** A health-check result, with the structured failure the script reported, if any. */
    record Probe(HealthCheckResult result, @Nullable ConnectionFailure failure) {
    }

    /** What {@link #repair} did; {@code failure} is null when the connection is healthy again. */
    record Repair(HealthCheckResult health, boolean refreshed, boolean recovered,
                  @Nullable ConnectionFailure failure) {
    }

    Probe healthCheck(Connection connection) {
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

    /**
     * After the unhealthy check {@code health}: refresh, then recover, at most once each, re-checking health after
     * each success; a healthy check is recorded (status {@code active}).
     */
    Repair repair(String id, Probe unhealthy) {
        boolean refreshed = refreshToken(id);
        Probe health = unhealthy;
        if (refreshed) {
            health = healthCheck(records.current(id));
            if (health.result().healthy()) {
                restore(id, health.result());
                return new Repair(health.result(), true, false, null);
            }
        }
        boolean recovered = recover(id);
        if (recovered) {
            health = healthCheck(records.current(id));
            if (health.result().healthy()) {
                restore(id, health.result());
                return new Repair(health.result(), refreshed, recovered, null);
            }
        }
        ConnectionFailure failure = health.failure() != null ? health.failure()
                : ConnectionFailure.unknown(records.current(id).skillName(), "connection is unhealthy");
        return new Repair(health.result(), refreshed, recovered, failure);
    }

    /** A fresh health check, then {@link #repair}; returns the failure, or null if healthy. */
    @Nullable ConnectionFailure retry(String id) {
        Probe health = healthCheck(records.current(id));
        if (health.result().healthy()) {
            restore(id, health.result());
            return null;
        }
        return repair(id, health).failure();
    }

    private void restore(String id, HealthCheckResult health) {
        records.save(records.current(id).withHealth(health, clock.instant()).withStatus(ConnectionStatus.ACTIVE));
    }

    boolean refreshToken(String connectionId) {
        Connection connection = records.current(connectionId);
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
        records.save(records.current(connectionId).withRefresh(expiresAt, refreshExpiresAt, clock.instant()));
        AuditData data = AuditData.create();
        data.connection(connectionId);
        data.put("refresh_token_rotated", result.has("refresh_token_expires_at"));
        audit.append(ConnectionManager.EVENT_REFRESHED, data);
        return true;
    }

    private static @Nullable Instant instant(@Nullable JsonNode value) {
        return value == null || value.isNull() ? null : Json.convert(value, Instant.class);
    }

    boolean recover(String connectionId) {
        Connection connection = records.current(connectionId);
        ScriptRun run = runFor(connection, SkillScript.RECOVER);
        if (!resultFlag(run, "recovered")) {
            return false;
        }
        audit.append(ConnectionManager.EVENT_RECOVERED, AuditData.create().connection(connectionId));
        return true;
    }

    private ScriptRun runFor(Connection connection, SkillScript script) {
        ConnectionSkill skill = skills.find(connection.skillName()).orElse(null);
        if (skill == null) {
            return ScriptRun.failed(ConnectionFailure.unknown(connection.skillName(), "connection skill not found"));
        }
        return skills.run(skill, script, List.of(new ScriptMessage.Invoke(connection.connectionId(),
                skill.name())), records.refsOf(connection.connectionId()));
    }

    /** Whether the run succeeded and its result event carries {@code field: true} (a JSON boolean). */
    static boolean resultFlag(ScriptRun run, String field) {
        if (run.isFailed() || !run.eventsOf(ScriptEvent.Failed.class).isEmpty()) {
            return false;
        }
        return run.eventsOf(ScriptEvent.Result.class).stream()
                .anyMatch(r -> r.result().path(field).asBoolean(false) && r.result().get(field).isBoolean());
    }
}
