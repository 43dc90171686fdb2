package io.silas.core.tool;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A set of tools: what the model may see ({@link #definitions()}) and how a call runs ({@link #execute}). The
 * canonical chain (docs/contracts.md#tool-calls) is built innermost first, each stage a wrapper of the previous one:
 * <ol>
 *   <li><b>skill</b> — the core harness tools (the executor registry) combined with work-item skill tools
 *       ({@link Toolsets#combined});</li>
 *   <li><b>prepared</b> — role/work-item preparation of the definitions ({@link #prepared});</li>
 *   <li><b>filtered</b> — access filtering by allowed tool names ({@link #filtered});</li>
 *   <li><b>approval-required</b> — approval-sensitive calls pause until a fresh approval is verified
 *       ({@link #approvalRequired}).</li>
 * </ol>
 * Runtime-only wrappers (telemetry, revocation) may wrap the chain outermost but cannot bypass an inner stage:
 * every stage re-checks the call against its own definitions when it executes, not only when listing.
 *
 * <p>Implementations are thread-safe. Refusals are {@link ToolExecution.Refused} values, never exceptions.
 */
public interface Toolset {
    /** {@return the tools this set exposes, in a stable order} */
    List<ToolDefinition> definitions();

    /**
     * Executes or refuses one request.
     *
     * @param request the request
     * @return the tool execution
     */
    ToolExecution execute(ToolRequest request);

    /**
     * {@return the definition of a tool by name, if exposed}
     *
     * @param name the name
     */
    default Optional<ToolDefinition> find(String name) {
        return definitions().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * Prepared stage: {@code prepare} may change descriptions and drop tools; tools it adds that this set does not
     * have are ignored. A call to a tool it dropped is refused {@code not_found}.
     *
     * @param prepare the prepare
     * @return the toolset
     */
    default Toolset prepared(UnaryOperator<List<ToolDefinition>> prepare) {
        return new PreparedToolset(this, prepare);
    }

    /**
     * Filtered stage: only tools whose name passes {@code allowed} are exposed; others are refused {@code filtered}.
     *
     * @param allowed the allowed
     * @return the toolset
     */
    default Toolset filtered(Predicate<String> allowed) {
        return new FilteredToolset(this, allowed);
    }

    /**
     * Approval-required stage: a request pauses for {@code approval} when it carries gate approval reasons or when
     * {@code requirement} returns a reason; a decline is refused {@code approval_declined}.
     *
     * @param requirement the requirement
     * @param approval approval tokens
     * @return the toolset
     */
    default Toolset approvalRequired(Function<ToolRequest, Optional<String>> requirement, ToolApproval approval) {
        return new ApprovalRequiredToolset(this, requirement, approval);
    }
}
