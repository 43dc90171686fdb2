package io.silas.core.proactivity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.silas.core.approval.AutonomySubject;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An explicit autonomy-tuning request (docs/contracts.md#proactivity-and-autonomy): ordered, non-empty changes (at most
 * one per key) with the evidence behind them. {@code correction_rate} is within [0, 1], {@code sample_size >= 0}, and
 * {@code risk_level} is {@code medium} or {@code high}.
 *
 * <p><b>Security guarantees:</b> an approval binds the exact ordered changes and evidence through
 * {@code ProposalHashes.autonomyProposalHash}; thresholds change only after a verified {@code autonomy_threshold}
 * token for that hash. {@code proposal_id}, {@code rationale} and {@code created_at} are not bound.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutonomyThresholdProposal(String proposalId, String scopeId, @Nullable String goalId,
                                        List<AutonomyThresholdChange> changes, int sampleSize, double correctionRate,
                                        String evidenceWindow, String rationale, RiskLevel riskLevel,
                                        Instant createdAt) implements AutonomySubject {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param proposalId     the proposal under review
     * @param scopeId        the scope the call belongs to
     * @param goalId         the goal id
     * @param changes        the changes
     * @param sampleSize     the sample size
     * @param correctionRate the correction rate
     * @param evidenceWindow the evidence window
     * @param rationale      the rationale
     * @param riskLevel      {@code medium} or {@code high}, per the rule above
     * @param createdAt      when the record was created
     */
    public AutonomyThresholdProposal {
        Checks.nonBlank(proposalId, "proposal_id");
        Checks.nonBlank(scopeId, "scope_id");
        if (goalId != null) {
            Checks.nonBlank(goalId, "goal_id");
        }
        changes = Checks.indexedList(changes, "changes");
        if (changes.isEmpty()) {
            throw SilasException.invalid("changes", "must not be empty");
        }
        Set<AutonomyThresholdKey> keys = new HashSet<>();
        for (AutonomyThresholdChange change : changes) {
            if (!keys.add(change.key())) {
                throw SilasException.invalid("changes", "duplicate key '" + change.key().wire() + "'");
            }
        }
        if (sampleSize < 0) {
            throw SilasException.invalid("sample_size", "must be >= 0");
        }
        Checks.unitInterval(correctionRate, "correction_rate");
        Checks.nonBlank(evidenceWindow, "evidence_window");
        rationale = rationale == null ? "" : rationale;
        Checks.nonNull(riskLevel, "risk_level");
        if (riskLevel != RiskLevel.MEDIUM && riskLevel != RiskLevel.HIGH) {
            throw SilasException.invalid("risk_level", "must be medium or high");
        }
        Checks.nonNull(createdAt, "created_at");
    }

    /** The hash an {@code autonomy_threshold} approval binds ({@link ProposalHashes#autonomyProposalHash}). */
    @Override
    public String subjectHash() {
        return ProposalHashes.autonomyProposalHash(this);
    }
}
