package io.silas.core.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import org.jspecify.annotations.Nullable;

/**
 * Resources a work item has consumed (docs/contracts.md#work-items-and-plans). Checked before every action with
 * {@link #exceeds(Budget)}. Immutable: the {@code plus...} methods return new values. Missing JSON fields
 * read as zero.
 */
public record BudgetUsed(long tokens, double costUsd, double wallTimeSeconds, int attempts, int plannerCalls,
                         int executorRuns) {
    private static final BudgetUsed ZERO = new BudgetUsed(0, 0, 0, 0, 0, 0);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param tokens          the tokens
     * @param costUsd         model cost of this run ({@code >= 0})
     * @param wallTimeSeconds the wall time seconds
     * @param attempts        the attempts
     * @param plannerCalls    the planner calls
     * @param executorRuns    the executor runs
     */
    public BudgetUsed {
        if (tokens < 0) {
            throw SilasException.invalid("budget_used.tokens", "must be >= 0");
        }
        Checks.nonNegativeFinite(costUsd, "budget_used.cost_usd");
        Checks.nonNegativeFinite(wallTimeSeconds, "budget_used.wall_time_seconds");
        Checks.nonNegative(attempts, "budget_used.attempts");
        Checks.nonNegative(plannerCalls, "budget_used.planner_calls");
        Checks.nonNegative(executorRuns, "budget_used.executor_runs");
    }

    /**
     * Nothing consumed yet.
     *
     * @return the budget used
     */
    public static BudgetUsed zero() {
        return ZERO;
    }

    @JsonCreator
    static BudgetUsed fromJson(@JsonProperty("tokens") @Nullable Long tokens,
                               @JsonProperty("cost_usd") @Nullable Double costUsd,
                               @JsonProperty("wall_time_seconds") @Nullable Double wallTimeSeconds,
                               @JsonProperty("attempts") @Nullable Integer attempts,
                               @JsonProperty("planner_calls") @Nullable Integer plannerCalls,
                               @JsonProperty("executor_runs") @Nullable Integer executorRuns) {
        return new BudgetUsed(tokens != null ? tokens : 0, costUsd != null ? costUsd : 0,
                wallTimeSeconds != null ? wallTimeSeconds : 0, attempts != null ? attempts : 0,
                plannerCalls != null ? plannerCalls : 0, executorRuns != null ? executorRuns : 0);
    }

    /**
     * True when any dimension has reached or passed its limit ({@code >=}, never {@code >}): reaching the
     * exact limit counts as exhausted, so no final action can run beyond the stated budget. Executor runs
     * have no limit of their own.
     *
     * @param budget the budget
     * @return whether it holds
     */
    public boolean exceeds(Budget budget) {
        return tokens >= budget.maxTokens()
                || costUsd >= budget.maxCostUsd()
                || wallTimeSeconds >= budget.maxWallTimeSeconds()
                || attempts >= budget.maxAttempts()
                || plannerCalls >= budget.maxPlannerCalls();
    }

    /**
     * Sum of this and a child's consumption over every field, attempts and executor runs included.
     *
     * @param child the child
     * @return the budget used
     */
    public BudgetUsed merge(BudgetUsed child) {
        return new BudgetUsed(
                Math.addExact(tokens, child.tokens),
                costUsd + child.costUsd,
                wallTimeSeconds + child.wallTimeSeconds,
                Math.addExact(attempts, child.attempts),
                Math.addExact(plannerCalls, child.plannerCalls),
                Math.addExact(executorRuns, child.executorRuns));
    }

    /**
     * Adds tokens and cost of one model call.
     *
     * @param moreTokens the more tokens
     * @param moreCostUsd the more cost usd
     * @return the budget used
     */
    public BudgetUsed plusUsage(long moreTokens, double moreCostUsd) {
        return new BudgetUsed(Math.addExact(tokens, moreTokens), costUsd + moreCostUsd, wallTimeSeconds,
                attempts, plannerCalls, executorRuns);
    }

    /**
     * Adds elapsed wall-clock seconds.
     *
     * @param seconds the seconds
     * @return the budget used
     */
    public BudgetUsed plusWallTime(double seconds) {
        return new BudgetUsed(tokens, costUsd, wallTimeSeconds + seconds, attempts, plannerCalls, executorRuns);
    }

    /**
     * Counts one more execution attempt.
     *
     * @return the budget used
     */
    public BudgetUsed plusAttempt() {
        return new BudgetUsed(tokens, costUsd, wallTimeSeconds, Math.addExact(attempts, 1), plannerCalls, executorRuns);
    }

    /**
     * Counts one more planner consultation.
     *
     * @return the budget used
     */
    public BudgetUsed plusPlannerCall() {
        return new BudgetUsed(tokens, costUsd, wallTimeSeconds, attempts, Math.addExact(plannerCalls, 1), executorRuns);
    }

    /**
     * Counts one more executor invocation.
     *
     * @return the budget used
     */
    public BudgetUsed plusExecutorRun() {
        return new BudgetUsed(tokens, costUsd, wallTimeSeconds, attempts, plannerCalls, Math.addExact(executorRuns, 1));
    }
}
