package io.silas.core.agent;

import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.InteractionMode;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A plan proposal, revision or execution request inside an {@link AgentResponse} (docs/contracts.md#stream-and-turns).
 * A plan action is a request, never an authorisation: every plan still goes through signed approval.
 *
 * <p>Beyond the plain field checks, {@link PlanActionType#PROPOSE} and {@link PlanActionType#REVISE} require a
 * non-blank {@code plan_markdown}, since there is nothing to parse without it.
 *
 * @param action what the agent wants to do
 * @param planMarkdown the plan (Markdown with YAML front matter)
 * @param continuationOf id of the work item this plan deepens or corrects
 * @param interactionModeOverride planner override for the work item's mode, honoured unless risk forces
 *     confirmation
 */
public record PlanAction(
        PlanActionType action,
        @Nullable String planMarkdown,
        @Nullable String continuationOf,
        @Nullable InteractionMode interactionModeOverride) {

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param action                  what the agent wants to do
     * @param planMarkdown            the plan (Markdown with YAML front matter)
     * @param continuationOf          id of the work item this plan deepens or corrects
     * @param interactionModeOverride planner override for the work item's mode, honoured unless risk forces
     *                                confirmation /
public
     */
    public PlanAction {
        nonNull(action, "action");
        if ((action == PlanActionType.PROPOSE || action == PlanActionType.REVISE)
                && (planMarkdown == null || planMarkdown.isBlank())) {
            throw SilasException.invalid("plan_markdown", "is required for " + action.name().toLowerCase(Locale.ROOT));
        }
        if (continuationOf != null && continuationOf.isBlank()) {
            throw SilasException.invalid("continuation_of", "must not be blank when present");
        }
    }

    /**
     * {@return a new plan proposal without continuation or mode override}
     *
     * @param planMarkdown the plan (Markdown with YAML front matter)
     */
    public static PlanAction propose(String planMarkdown) {
        return new PlanAction(PlanActionType.PROPOSE, planMarkdown, null, null);
    }
}
