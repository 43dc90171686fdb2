package io.silas.core.context;

/**
 * The headroom math of docs/contracts.md#context-window for one profile and system-zone size:
 * {@code system_actual = min(system_zone_tokens, system_max)},
 * {@code allocable = max(total - system_actual, 0)}, {@code zone = floor(allocable * zone_pct)},
 * {@code headroom = allocable - (chronicle + memory + workspace)} (at least 20% of {@code allocable}).
 *
 * @param systemActual system-zone tokens counted against the window
 * @param allocable budget the profile shares apply to
 * @param chronicle chronicle-zone budget
 * @param memory memory-zone budget
 * @param workspace workspace-zone budget
 * @param headroom unallocated tokens
 */
public record ZoneBudgets(int systemActual, int allocable, int chronicle, int memory, int workspace, int headroom) {
    /**
     * Computes the budgets.
     *
     * @param budget the budget
     * @param profile the profile
     * @param systemZoneTokens the system zone tokens
     * @return the zone budgets
     */
    public static ZoneBudgets of(TokenBudget budget, ContextProfile profile, int systemZoneTokens) {
        int systemActual = Math.min(systemZoneTokens, budget.systemMax());
        int allocable = budget.allocable(systemZoneTokens);
        int chronicle = profile.budgetFor(ContextZone.CHRONICLE, allocable);
        int memory = profile.budgetFor(ContextZone.MEMORY, allocable);
        int workspace = profile.budgetFor(ContextZone.WORKSPACE, allocable);
        return new ZoneBudgets(systemActual, allocable, chronicle, memory, workspace,
                allocable - (chronicle + memory + workspace));
    }

    /**
     * {@return the budget of a non-system zone; the system zone's is {@link #systemActual()}}
     *
     * @param zone the zone the fields are read in; {@code null} = the scheduler's configured zone ({@code scheduler.timezone})
     */
    public int of(ContextZone zone) {
        return switch (zone) {
            case SYSTEM -> systemActual;
            case CHRONICLE -> chronicle;
            case MEMORY -> memory;
            case WORKSPACE -> workspace;
        };
    }
}
