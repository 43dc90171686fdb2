package io.silas.core.agent;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The structured output of every proxy and planner call (docs/contracts.md#stream-and-turns).
 *
 * <p>{@code memory_queries} holds at most {@value #MAX_MEMORY_QUERIES} queries (a fixed structural limit).
 * {@code memory_ops} is unbounded here; the Stream truncates it to {@code max_memory_ops_per_turn}.
 * {@code needs_approval} is advisory: without a valid approval token the Stream treats it as {@code true}.
 *
 * @param message text for the user (may be empty, never null)
 * @param memoryQueries retrieval requests, at most three
 * @param memoryOps memory writes, gated one by one by the Stream
 * @param planAction plan proposal, revision or execution request
 * @param needsApproval the agent's request for approval (never an authorisation)
 */
public record AgentResponse(
        String message,
        List<MemoryQuery> memoryQueries,
        List<MemoryOp> memoryOps,
        @Nullable PlanAction planAction,
        boolean needsApproval) {

    /** Fixed upper bound of {@link #memoryQueries()}. */
    public static final int MAX_MEMORY_QUERIES = 3;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param message       text for the user (may be empty, never null)
     * @param memoryQueries retrieval requests, at most three
     * @param memoryOps     memory writes, gated one by one by the Stream
     * @param planAction    plan proposal, revision or execution request
     * @param needsApproval the agent's request for approval (never an authorisation) /
public
     */
    public AgentResponse {
        nonNull(message, "message");
        memoryQueries = list(memoryQueries, "memory_queries");
        if (memoryQueries.size() > MAX_MEMORY_QUERIES) {
            throw SilasException.invalid("memory_queries", "at most " + MAX_MEMORY_QUERIES + " queries, got "
                    + memoryQueries.size());
        }
        memoryOps = list(memoryOps, "memory_ops");
    }

    /**
     * {@return a plain reply: no queries, no ops, no plan}
     *
     * @param message the message
     */
    public static AgentResponse reply(String message) {
        return new AgentResponse(message, List.of(), List.of(), null, false);
    }
}
