package io.silas.execution.work;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one attempt's execution phase ended, before verification.
 *
 * @param halt      set when the task must end {@code blocked} (gate block, declined approval, no isolation)
 * @param fatal     set when the task must end {@code failed} (misconfiguration no retry can fix)
 * @param failure   set when the attempt failed and another attempt may follow
 * @param summary   what was done (agent summary or direct-run description)
 * @param artifacts imported artifacts overlaid with the ledger's successful artifacts
 * @param nextSteps the agent's suggested follow-ups
 * @param toolFailures a description of the attempt's failed or refused tool calls ("" when none)
 */
record AttemptOutcome(@Nullable String halt, @Nullable String fatal, @Nullable String failure, String summary,
                      Map<String, String> artifacts, List<String> nextSteps, String toolFailures) {
    static AttemptOutcome halted(String reason) {
        return new AttemptOutcome(reason, null, null, "", Map.of(), List.of(), "");
    }

    static AttemptOutcome fatal(String reason) {
        return new AttemptOutcome(null, reason, null, "", Map.of(), List.of(), "");
    }

    static AttemptOutcome failed(String reason, String toolFailures) {
        return new AttemptOutcome(null, null, reason, "", Map.of(), List.of(), toolFailures);
    }

    static AttemptOutcome ran(String summary, Map<String, String> artifacts, List<String> nextSteps,
                              String toolFailures) {
        return new AttemptOutcome(null, null, null, summary, artifacts, nextSteps, toolFailures);
    }
}
