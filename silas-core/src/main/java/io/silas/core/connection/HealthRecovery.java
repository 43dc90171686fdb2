package io.silas.core.connection;

import io.silas.core.schedule.Schedule;
import io.silas.core.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure card of a connection a health check marked {@code failed}, and the chip the owner taps: offered without
 * blocking the health check; a tapped chip runs on the recovery executor; a recovery that fails again offers a new
 * card, at most {@value RecoveryChips#MAX_RECOVERY_CARDS} per episode.
 */
final class HealthRecovery {
    /** How long {@code retry_later} waits before its one retry. */
    private static final Duration RETRY_LATER_DELAY = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(HealthRecovery.class);

    private final RegisteredConnections records;
    private final HealthProbes probes;
    private final SetupFlows flows;
    private final RecoveryChips chips;
    private final SkillScripts skills;
    private final Clock clock;
    private final Executor recoveryExecutor;
    private final @Nullable Scheduler healthScheduler;

    HealthRecovery(RegisteredConnections records, HealthProbes probes, SetupFlows flows, RecoveryChips chips,
                   SkillScripts skills, Clock clock, Executor recoveryExecutor, @Nullable Scheduler healthScheduler) {
        this.records = records;
        this.probes = probes;
        this.flows = flows;
        this.chips = chips;
        this.skills = skills;
        this.clock = clock;
        this.recoveryExecutor = recoveryExecutor;
        this.healthScheduler = healthScheduler;
    }

    /**
     * Offers the failure card of a failed connection to its owner scope without blocking; when a chip is tapped the
     * action runs on the recovery executor. Skip, a timeout or a disconnect only audits. After
     * {@value RecoveryChips#MAX_RECOVERY_CARDS} cards the failure is shown without chips.
     */
    void offer(String id, ConnectionFailure failure, SetupCardPresenter presenter, int cards) {
        Connection connection = records.current(id);
        ConnectionFailure shown = RecoveryOptions.withOptions(failure);
        String scope = records.ownerScope(connection);
        if (cards >= RecoveryChips.MAX_RECOVERY_CARDS) {
            RecoveryChips.showQuietly(presenter, scope, connection.skillName(), new SetupStep.Failure(shown));
            return;
        }
        CompletableFuture<String> choice;
        try {
            choice = presenter.offerRecovery(scope, shown, chips.cardTimeout()).toCompletableFuture();
        } catch (RuntimeException e) {
            LOG.warn("failure card for connection {} could not be shown ({})", id, e.getClass().getSimpleName());
            choice = CompletableFuture.completedFuture(RecoveryOption.SKIP);
        }
        choice.orTimeout(chips.answerWaitSeconds(), TimeUnit.SECONDS)
                .whenComplete((tapped, error) -> {
                    String action = error == null ? RecoveryChips.offered(tapped, shown) : RecoveryOption.SKIP;
                    if (action.equals(RecoveryOption.SKIP)) {
                        chips.record(chips.endWithoutRetry(connection.skillName(), id, action, shown, List.of()));
                        return;
                    }
                    try {
                        recoveryExecutor.execute(() -> run(id, action, shown, presenter, cards));
                    } catch (RuntimeException e) {
                        LOG.warn("recovery for connection {} could not start ({})", id, e.getClass().getSimpleName());
                        chips.record(chips.endWithoutRetry(connection.skillName(), id, RecoveryOption.SKIP, shown,
                                List.of()));
                    }
                });
    }

    /** Runs a tapped chip for a failed connection; a recovery that fails again offers a new card. */
    private void run(String id, String action, ConnectionFailure shown, SetupCardPresenter presenter, int cards) {
        Connection connection = records.find(id).orElse(null);
        if (connection == null || connection.status() != ConnectionStatus.FAILED) {
            return;
        }
        try {
            boolean retries = switch (action) {
                case RecoveryChips.RETRY, RecoveryChips.RECONNECT, RecoveryChips.USE_PERSONAL_ACCOUNT,
                     RecoveryChips.RETRY_FEWER_PERMISSIONS -> true;
                default -> false;
            };
            if (!retries) {
                if (action.equals(RecoveryChips.RETRY_LATER)) {
                    scheduleRetry(id, shown, presenter, cards);
                }
                chips.record(chips.endWithoutRetry(connection.skillName(), id, action, shown,
                        connection.permissionsGranted()));
                return;
            }
            ConnectionFailure again = action.equals(RecoveryChips.RETRY) ? probes.retry(id)
                    : reconnect(connection, presenter,
                    action.equals(RecoveryChips.USE_PERSONAL_ACCOUNT) ? RecoveryChips.PERSONAL : null);
            boolean restored = records.current(id).status() == ConnectionStatus.ACTIVE;
            chips.record(new RecoveryOutcome(connection.skillName(), id, action, restored
                    ? RecoveryOutcome.Result.SUCCEEDED : RecoveryOutcome.Result.FAILED, null));
            if (!restored && again != null) {
                offer(id, again, presenter, cards + 1);
            }
        } catch (RuntimeException e) {
            LOG.warn("recovery {} for connection {} failed ({})", action, id, e.getClass().getSimpleName());
            chips.record(new RecoveryOutcome(connection.skillName(), id, action, RecoveryOutcome.Result.FAILED,
                    null));
        }
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
        String scope = records.ownerScope(connection);
        SetupOutcome outcome = flows.run(skill, scope, presenter, id, new ScriptMessage.Start(
                skill.authStrategy(), connection.permissionsGranted(), List.of(), identityHint), records.refsOf(id),
                connection.permissionsGranted());
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
        records.save(records.current(id).withRefresh(proposed.proposal().tokenExpiresAt(), null, clock.instant())
                .withStatus(ConnectionStatus.ACTIVE));
        records.saveRefs(id, new CredentialRefs(scope, proposed.proposal().credentialRefs()));
        return null;
    }

    /** {@code retry_later}: one retry after {@link #RETRY_LATER_DELAY} on the health-job scheduler, if configured. */
    private void scheduleRetry(String id, ConnectionFailure shown, SetupCardPresenter presenter, int cards) {
        Scheduler scheduler = healthScheduler;
        if (scheduler == null) {
            return;
        }
        String name = ConnectionManager.RECOVERY_JOB_PREFIX + id;
        scheduler.schedule(name, Schedule.every(RETRY_LATER_DELAY, RETRY_LATER_DELAY), () -> {
            scheduler.cancel(name);
            run(id, RecoveryChips.RETRY, shown, presenter, cards);
        });
    }
}
