package io.silas.core.proactivity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.silas.core.error.Checks;
import io.silas.core.vocabulary.RiskLevel;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A proactive "what next" card (docs/contracts.md#proactivity-and-autonomy). {@code cooldown_key} dedupes repeated
 * suggestions. A suggestion never executes anything by itself: acting on it goes through the normal plan and approval
 * flow.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuggestionProposal(String suggestionId, String scopeId, SuggestionSource source, String intent,
                                 String rationale, RiskLevel riskLevel, @Nullable String proposedWorkItemId,
                                 String cooldownKey, Instant createdAt) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param suggestionId       the suggestion offered
     * @param scopeId            the scope the call belongs to
     * @param source             how the value was decided
     * @param intent             the intent
     * @param rationale          the rationale
     * @param riskLevel          {@code medium} or {@code high}, per the rule above
     * @param proposedWorkItemId the proposed work item id
     * @param cooldownKey        the cooldown key
     * @param createdAt          when the record was created
     */
    public SuggestionProposal {
        Checks.nonBlank(suggestionId, "suggestion_id");
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(source, "source");
        Checks.nonBlank(intent, "intent");
        rationale = rationale == null ? "" : rationale;
        Checks.nonNull(riskLevel, "risk_level");
        if (proposedWorkItemId != null) {
            Checks.nonBlank(proposedWorkItemId, "proposed_work_item_id");
        }
        Checks.nonBlank(cooldownKey, "cooldown_key");
        Checks.nonNull(createdAt, "created_at");
    }
}
