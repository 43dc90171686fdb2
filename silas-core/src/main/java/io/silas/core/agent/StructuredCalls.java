package io.silas.core.agent;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.tool.ToolInvoker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every structured agent call goes through here (docs/contracts.md#interaction-register-and-mode, #stream-and-turns):
 * call once; if the answer is invalid, call exactly once more with the validation error appended to the request; if
 * that is invalid too, the caller applies its deterministic fallback.
 *
 * <p>An answer is invalid when the agent returns {@code null}, throws {@code SilasException} with
 * {@code LLM_OUTPUT_INVALID} or {@code INVALID_INPUT} (the record validation of a parsed answer), or fails the
 * call-specific validator. Any other exception (for example {@code LLM_UNAVAILABLE}) propagates unchanged: it is
 * not a schema problem and is handled by the caller.
 *
 * <p>Fallbacks: executor — the attempt fails with {@value #EXECUTOR_OUTPUT_INVALID} (the caller does this from
 * the invalid {@link StructuredOutcome}); planner — {@link #plannerFallback()}, a reply reporting the planning
 * failure with no plan action. Stateless and thread-safe.
 */
public final class StructuredCalls {
    /** Failure reason of an executor attempt whose agent answered invalidly twice. */
    public static final String EXECUTOR_OUTPUT_INVALID = "executor_structured_output_invalid";
    /** The user-visible text of the planner fallback. */
    public static final String PLANNER_FALLBACK_MESSAGE =
            "Planning failed: the planner did not return a valid answer, so no plan was made.";

    private StructuredCalls() {
    }

    /**
     * The generic two-try call.
     *
     * @param request             the first request
     * @param call                the agent call
     * @param validator           extra checks of a returned value; a present string is the validation error
     * @param withValidationError builds the retry request from the first one and the validation error
     * @param <Q> the request type
     * @param <A> the answer type
     * @return the structured outcome
     */
    public static <Q, A> StructuredOutcome<A> call(Q request, Function<Q, A> call,
                                                   Function<A, Optional<String>> validator,
                                                   BiFunction<Q, String, Q> withValidationError) {
        List<String> errors = new ArrayList<>();
        Q current = request;
        for (int i = 1; i <= 2; i++) {
            String error;
            try {
                A answer = call.apply(current);
                error = answer == null ? "the answer was empty" : validator.apply(answer).orElse(null);
                if (error == null) {
                    return new StructuredOutcome<>(answer, errors, i);
                }
            } catch (SilasException e) {
                if (e.code() != ErrorCode.LLM_OUTPUT_INVALID && e.code() != ErrorCode.INVALID_INPUT) {
                    throw e;
                }
                error = e.getMessage();
            }
            errors.add(error);
            if (i == 1) {
                current = withValidationError.apply(request, error);
            }
        }
        return new StructuredOutcome<>(null, errors, 2);
    }

    /**
     * Runs the executor agent with one retry; an invalid outcome means the attempt fails.
     *
     * @param agent the agent
     * @param request the request
     * @param tools the tools exposed after preparation and access filtering
     * @return the structured outcome
     */
    public static StructuredOutcome<ExecutorAgentOutput> executor(ExecutorAgent agent, ExecutorRequest request,
                                                                  ToolInvoker tools) {
        return call(request, r -> agent.run(r, tools), out -> Optional.empty(),
                ExecutorRequest::withValidationError);
    }

    /**
     * Runs the planner with one retry, then falls back to {@link #plannerFallback()}.
     *
     * @param agent the agent
     * @param request the request
     * @return the agent response
     */
    public static AgentResponse planner(PlannerAgent agent, AgentRequest request) {
        StructuredOutcome<AgentResponse> outcome = call(request, agent::plan, r -> Optional.empty(),
                AgentRequest::withValidationError);
        return outcome.valid() ? outcome.value() : plannerFallback();
    }

    /**
     * {@return the deterministic planner fallback: a reply reporting the failure, no plan action, no approval request}
     */
    public static AgentResponse plannerFallback() {
        return AgentResponse.reply(PLANNER_FALLBACK_MESSAGE);
    }

    static String retryNote(String error) {
        return "\n\n## Your previous answer was invalid\n" + error
                + "\nAnswer again with output that matches the required schema exactly.";
    }
}
