package io.silas.core.context;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;

/**
 * A named split of a scope's allocable token budget between the chronicle, memory and workspace zones
 * (docs/contracts.md#context-window), selected per turn from the route decision's {@code context_profile}.
 *
 * <p>Each share is in {@code [0.0, 1.0]} and the three together are at most {@link #MAX_ALLOCATION}
 * ({@code 0.80}), so at least 20% of the allocable budget stays free as headroom for the heuristic token
 * count. The sum is compared with a tolerance of {@code 1e-9} so that decimal shares such as
 * {@code 0.45 + 0.20 + 0.15} are not rejected for binary rounding.
 *
 * @param name open registry key, e.g. {@code conversation}, {@code coding}
 * @param chroniclePct chronicle share of the allocable budget
 * @param memoryPct memory share of the allocable budget
 * @param workspacePct workspace share of the allocable budget
 */
public record ContextProfile(String name, double chroniclePct, double memoryPct, double workspacePct) {
    /** Upper bound of the summed zone shares. */
    public static final double MAX_ALLOCATION = 0.80;
    private static final double TOLERANCE = 1e-9;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param name         open registry key, e.g. {
     * @param chroniclePct chronicle share of the allocable budget
     * @param memoryPct    memory share of the allocable budget
     * @param workspacePct workspace share of the allocable budget /
public
     */
    public ContextProfile {
        nonBlank(name, "name");
        share(chroniclePct, "chronicle_pct");
        share(memoryPct, "memory_pct");
        share(workspacePct, "workspace_pct");
        if (chroniclePct + memoryPct + workspacePct > MAX_ALLOCATION + TOLERANCE) {
            throw SilasException.invalid("chronicle_pct+memory_pct+workspace_pct",
                    "the zone shares must sum to at most " + MAX_ALLOCATION);
        }
    }

    private static void share(double value, String field) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw SilasException.invalid(field, "must be within [0.0, 1.0]");
        }
    }

    /**
     * The share of {@code zone}.
     *
     * @param zone the zone the fields are read in; {@code null} = the scheduler's configured zone ({@code scheduler.timezone})
     * @return the double
     * @throws SilasException {@code INVALID_INPUT} for {@link ContextZone#SYSTEM}, which has a fixed cap
     *     ({@link TokenBudget#systemMax()}) instead of a share
     */
    public double share(ContextZone zone) {
        return switch (nonNull(zone, "zone")) {
            case CHRONICLE -> chroniclePct;
            case MEMORY -> memoryPct;
            case WORKSPACE -> workspacePct;
            case SYSTEM -> throw SilasException.invalid("zone", "the system zone has a fixed cap, not a share");
        };
    }

    /**
     * {@code floor(allocable * share(zone))}: the token budget of a zone (docs/contracts.md#context-window).
     *
     * @param zone the zone the fields are read in; {@code null} = the scheduler's configured zone ({@code scheduler.timezone})
     * @param allocable budget the profile shares apply to
     * @return the int
     */
    public int budgetFor(ContextZone zone, int allocable) {
        if (allocable < 0) {
            throw SilasException.invalid("allocable", "must be >= 0");
        }
        return (int) Math.floor(allocable * share(zone));
    }
}
