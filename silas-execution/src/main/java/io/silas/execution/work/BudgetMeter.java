package io.silas.execution.work;

import io.silas.core.work.Budget;
import io.silas.core.work.BudgetUsed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Tracks a task's consumption while it runs (docs/contracts.md#work-execution): model usage, executor runs, planner
 * calls, and wall time from the injected clock. "Exhausted" always means {@link BudgetUsed#exceeds} ({@code >=}).
 * Within an attempt the attempt being run is not counted against {@code max_attempts}, so the last allowed attempt can
 * act. Confined to the executing thread plus the serialised tool invoker.
 */
final class BudgetMeter {
    private final Budget budget;
    private final Clock clock;
    private BudgetUsed used;
    private @Nullable Instant attemptStart;

    BudgetMeter(Budget budget, BudgetUsed used, Clock clock) {
        this.budget = budget;
        this.used = used;
        this.clock = clock;
    }

    synchronized BudgetUsed used() {
        return withElapsed();
    }

    /** Whether another attempt may start. */
    synchronized boolean canStartAttempt(int attempts) {
        return attempts < budget.maxAttempts() && !withElapsed().exceeds(budget);
    }

    synchronized void startAttempt() {
        used = used.plusAttempt();
        attemptStart = clock.instant();
    }

    /** Commits the attempt's wall time. */
    synchronized void endAttempt() {
        used = withElapsed();
        attemptStart = null;
    }

    /** Whether any dimension other than the running attempt is exhausted. */
    synchronized boolean exhaustedWithinAttempt() {
        BudgetUsed u = withElapsed();
        return new BudgetUsed(u.tokens(), u.costUsd(), u.wallTimeSeconds(), Math.max(0, u.attempts() - 1),
                u.plannerCalls(), u.executorRuns()).exceeds(budget);
    }

    /** Whole seconds of wall time left (at least 1). */
    synchronized int remainingWallSeconds() {
        double left = budget.maxWallTimeSeconds() - withElapsed().wallTimeSeconds();
        return (int) Math.max(1, Math.floor(left));
    }

    synchronized void addUsage(long tokens, double costUsd) {
        used = used.plusUsage(tokens, costUsd);
    }

    synchronized void addExecutorRun(long tokens, double costUsd) {
        used = used.plusExecutorRun().plusUsage(tokens, costUsd);
    }

    synchronized void addPlannerCall() {
        used = used.plusPlannerCall();
    }

    private BudgetUsed withElapsed() {
        if (attemptStart == null) {
            return used;
        }
        Duration elapsed = Duration.between(attemptStart, clock.instant());
        double seconds = Math.max(0, elapsed.toNanos() / 1e9);
        return used.plusWallTime(seconds);
    }
}
