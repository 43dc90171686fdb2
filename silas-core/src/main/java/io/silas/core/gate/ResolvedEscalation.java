package io.silas.core.gate;

import io.silas.core.error.SilasException;
import io.silas.core.work.EscalationPolicy;

/**
 * An escalation name resolved by an {@link EscalationPolicy}: where the name was found and the concrete
 * {@link EscalationStep} to run. Immutable and thread-safe.
 */
public record ResolvedEscalation(String name, Source source, EscalationStep step) {
    /** Where the name was found. */
    public enum Source {
        /** In the active goal's {@code escalation} map. */
        GOAL,
        /** In the built-in defaults ({@code polite_redirect}, {@code report}). */
        BUILT_IN,
        /** Nowhere: {@code report} was used and an {@code escalation_unresolved} warning audited. */
        UNRESOLVED
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param name   the name
     * @param source how the value was decided
     * @param step   the resolved escalation step of a block, else null
     */
    public ResolvedEscalation {
        if (name == null || source == null || step == null) {
            throw SilasException.invalid("resolved_escalation", "name, source and step are required");
        }
    }
}
