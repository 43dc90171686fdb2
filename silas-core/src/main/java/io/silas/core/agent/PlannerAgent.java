package io.silas.core.agent;

/**
 * The host-supplied planning model (docs/contracts.md#stream-and-turns): drafts and revises plans and, for the work
 * executor, gives guidance when a task is stuck. Always called through {@link StructuredCalls#planner} (one retry, then
 * a deterministic fallback).
 *
 * <p>Implementations return a valid {@link AgentResponse} or throw {@code SilasException} with
 * {@code LLM_OUTPUT_INVALID} (or {@code INVALID_INPUT} from the record's own validation) when the model's answer
 * does not fit the schema. They must be thread-safe.
 *
 * <p><b>Security guarantees:</b> the planner's answer is advice: it never approves, verifies or changes a plan's
 * approval state; a plan it proposes runs only after the owner approves it.
 */
@FunctionalInterface
public interface PlannerAgent {
    /**
     * Drafts or revises a plan, or gives guidance to stuck work.
     *
     * @param request what the planner is asked, with the scope's context
     * @return the planner's answer
     */
    AgentResponse plan(AgentRequest request);
}
