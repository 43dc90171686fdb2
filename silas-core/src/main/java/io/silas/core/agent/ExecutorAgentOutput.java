package io.silas.core.agent;

import io.silas.core.error.Checks;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.silas.core.error.SilasException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The structured answer of the executor agent for one attempt (docs/contracts.md#sandboxes-and-executors).
 * {@code artifact_refs} is the agent's own claim of what it produced: the runtime cross-checks it against the
 * tool-call ledger and never trusts it. {@code next_steps} become follow-up suggestions. {@code tokens_used} and
 * {@code cost_usd} are the model usage of this run, charged to the work item's budget. Immutable.
 *
 * @param summary      what the agent did (model-facing prose, not trusted)
 * @param artifactRefs artifact names the agent claims to have produced
 * @param nextSteps    suggested follow-ups for the user
 * @param lastError    the agent's own error report, if it gave up
 * @param tokensUsed   model tokens consumed by this run ({@code >= 0})
 * @param costUsd      model cost of this run ({@code >= 0})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutorAgentOutput(String summary, List<String> artifactRefs, List<String> nextSteps,
                                  @Nullable String lastError, long tokensUsed, double costUsd) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param summary      what the agent did (model-facing prose, not trusted)
     * @param artifactRefs artifact names the agent claims to have produced
     * @param nextSteps    suggested follow-ups for the user
     * @param lastError    the agent's own error report, if it gave up
     * @param tokensUsed   model tokens consumed by this run ({
     * @param costUsd      model cost of this run ({
     */
    public ExecutorAgentOutput {
        Checks.nonNull(summary, "summary");
        artifactRefs = Checks.list(artifactRefs, "artifact_refs");
        for (String ref : artifactRefs) {
            Checks.nonBlank(ref, "artifact_refs");
        }
        nextSteps = Checks.list(nextSteps, "next_steps");
        if (tokensUsed < 0) {
            throw SilasException.invalid("tokens_used", "must be >= 0");
        }
        if (!Double.isFinite(costUsd) || costUsd < 0) {
            throw SilasException.invalid("cost_usd", "must be a finite number >= 0");
        }
    }

    /**
     * {@return a successful answer with a summary and the artifacts the agent claims, no usage}
     *
     * @param summary user-facing summary
     * @param artifactRefs artifact names the agent claims to have produced
     */
    public static ExecutorAgentOutput of(String summary, List<String> artifactRefs) {
        return new ExecutorAgentOutput(summary, artifactRefs, List.of(), null, 0, 0);
    }

    /**
     * {@return a copy with usage replaced}
     *
     * @param tokens the tokens
     * @param cost the cost
     */
    public ExecutorAgentOutput withUsage(long tokens, double cost) {
        return new ExecutorAgentOutput(summary, artifactRefs, nextSteps, lastError, tokens, cost);
    }

    /**
     * {@return a copy with next steps replaced}
     *
     * @param steps the steps
     */
    public ExecutorAgentOutput withNextSteps(List<String> steps) {
        return new ExecutorAgentOutput(summary, artifactRefs, steps, lastError, tokensUsed, costUsd);
    }

    /**
     * {@return a copy with last error replaced}
     *
     * @param error why the call failed or was refused, if it did
     */
    public ExecutorAgentOutput withLastError(@Nullable String error) {
        return new ExecutorAgentOutput(summary, artifactRefs, nextSteps, error, tokensUsed, costUsd);
    }
}
