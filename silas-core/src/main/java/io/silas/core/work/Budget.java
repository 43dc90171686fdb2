package io.silas.core.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.silas.core.error.SilasException;
import org.jspecify.annotations.Nullable;

/**
 * Resource limits of a work item, enforced deterministically by the runtime (docs/contracts.md#work-items-and-plans).
 * Every limit is positive; a limit that is reached counts as exhausted (see {@link BudgetUsed#exceeds(Budget)}).
 * Missing JSON/YAML fields take the defaults. Immutable and thread-safe.
 */
public record Budget(int maxTokens, double maxCostUsd, int maxWallTimeSeconds, int maxAttempts, int maxPlannerCalls) {
    /** Default max tokens ({@value}). */
    public static final int DEFAULT_MAX_TOKENS = 200_000;
    /** Default max cost usd ({@value}). */
    public static final double DEFAULT_MAX_COST_USD = 2.00;
    /** Default max wall time seconds ({@value}). */
    public static final int DEFAULT_MAX_WALL_TIME_SECONDS = 1800;
    /** Default max attempts ({@value}). */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default max planner calls ({@value}). */
    public static final int DEFAULT_MAX_PLANNER_CALLS = 3;

    private static final Budget DEFAULTS = new Budget(DEFAULT_MAX_TOKENS, DEFAULT_MAX_COST_USD,
            DEFAULT_MAX_WALL_TIME_SECONDS, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_PLANNER_CALLS);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param maxTokens          answer cap (256)
     * @param maxCostUsd         the max cost usd
     * @param maxWallTimeSeconds the max wall time seconds
     * @param maxAttempts        the max attempts
     * @param maxPlannerCalls    the max planner calls
     */
    public Budget {
        positive(maxTokens, "budget.max_tokens");
        if (!Double.isFinite(maxCostUsd) || maxCostUsd <= 0) {
            throw SilasException.invalid("budget.max_cost_usd", "must be a finite number > 0");
        }
        positive(maxWallTimeSeconds, "budget.max_wall_time_seconds");
        positive(maxAttempts, "budget.max_attempts");
        if (maxPlannerCalls < 0) {
            throw SilasException.invalid("budget.max_planner_calls", "must be >= 0");
        }
    }

    /** {@return the defaults: 200,000 tokens, $2.00, 1,800 s, 5 attempts, 3 planner calls} */
    public static Budget defaults() {
        return DEFAULTS;
    }

    @JsonCreator
    static Budget fromJson(@JsonProperty("max_tokens") @Nullable Integer maxTokens,
                           @JsonProperty("max_cost_usd") @Nullable Double maxCostUsd,
                           @JsonProperty("max_wall_time_seconds") @Nullable Integer maxWallTimeSeconds,
                           @JsonProperty("max_attempts") @Nullable Integer maxAttempts,
                           @JsonProperty("max_planner_calls") @Nullable Integer maxPlannerCalls) {
        return new Budget(
                maxTokens != null ? maxTokens : DEFAULT_MAX_TOKENS,
                maxCostUsd != null ? maxCostUsd : DEFAULT_MAX_COST_USD,
                maxWallTimeSeconds != null ? maxWallTimeSeconds : DEFAULT_MAX_WALL_TIME_SECONDS,
                maxAttempts != null ? maxAttempts : DEFAULT_MAX_ATTEMPTS,
                maxPlannerCalls != null ? maxPlannerCalls : DEFAULT_MAX_PLANNER_CALLS);
    }

    private static void positive(int value, String field) {
        if (value <= 0) {
            throw SilasException.invalid(field, "must be > 0");
        }
    }
}
