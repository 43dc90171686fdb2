package io.silas.core.proactivity;

import io.silas.core.error.Checks;
import java.time.Instant;

/**
 * The result of {@link AutonomyCalibrator#apply}: the scope's thresholds before and after the decision. For
 * {@code decline} both are equal; {@code tighten_now} and an approved proposal may change them.
 */
public record AppliedChange(String proposalId, String scopeId, AutonomyThresholdDecision decision,
                            AutonomyThresholds before, AutonomyThresholds after, Instant appliedAt) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param proposalId the proposal under review
     * @param scopeId    the scope the call belongs to
     * @param decision   the user's decision (a timeout or disconnect is recorded as {@code decline})
     * @param before     the before
     * @param after      the after
     * @param appliedAt  the applied at
     */
    public AppliedChange {
        Checks.nonBlank(proposalId, "proposal_id");
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(decision, "decision");
        Checks.nonNull(before, "before");
        Checks.nonNull(after, "after");
        Checks.nonNull(appliedAt, "applied_at");
    }

    /** {@return whether any threshold changed} */
    public boolean changed() {
        return !before.equals(after);
    }
}
