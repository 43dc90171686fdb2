package io.silas.core.proactivity;

import io.silas.core.error.Checks;
import io.silas.core.vocabulary.RiskLevel;
import org.jspecify.annotations.Nullable;

/**
 * One thing in a scope that may deserve an idle suggestion, supplied by the host through
 * {@link SuggestionSignals}: an active goal, a pending review, a connection warning or a recent result.
 * {@code subject_id} names the goal, review, connection or work item; together with the kind it forms the
 * suggestion's {@code cooldown_key} ({@code "{kind}:{subject_id}"}), so the same subject is not suggested again
 * during its cooldown.
 *
 * <p>{@code intent} and {@code rationale} are card text (user-facing, never audited).
 */
public record SuggestionSignal(Kind kind, String subjectId, String intent, String rationale, RiskLevel riskLevel,
                               @Nullable String proposedWorkItemId) {
    /** What the signal is about; the lower-case name is the {@code cooldown_key} prefix. */
    public enum Kind {
        /** A goal needs attention (for example its last cycle failed or is overdue). */
        ACTIVE_GOAL,
        /** Decisions wait in the review queue. */
        PENDING_REVIEW,
        /** A connection reports a warning (expiring token, failing health check). */
        CONNECTION_WARNING,
        /** A recent result invites a follow-up. */
        RECENT_RESULT
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param kind               what happened
     * @param subjectId          the subject id
     * @param intent             the intent
     * @param rationale          the rationale
     * @param riskLevel          {@code medium} or {@code high}, per the rule above
     * @param proposedWorkItemId the proposed work item id
     */
    public SuggestionSignal {
        Checks.nonNull(kind, "kind");
        Checks.nonBlank(subjectId, "subject_id");
        Checks.nonBlank(intent, "intent");
        rationale = rationale == null ? "" : rationale;
        Checks.nonNull(riskLevel, "risk_level");
        Checks.nullOrNonBlank(proposedWorkItemId, "proposed_work_item_id");
    }

    /** {@return the deduplication key of suggestions made from this signal} */
    public String cooldownKey() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + subjectId;
    }
}
