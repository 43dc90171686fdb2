package io.silas.execution.work;

import io.silas.core.execution.SandboxConfig;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolRequest;
import io.silas.core.tool.Toolset;
import io.silas.core.work.WorkItem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The host-side tool settings of one work executor, used by {@link AttemptRunner} to build each attempt's tool chain
 * (skill → prepared → filtered → approval-required) and run its tools.
 *
 * @param registry            the executors (every registered action is a tool)
 * @param extraDefinitions    host declarations of executor arguments
 * @param skillToolsets       work-item skill tools
 * @param preparer            per item, how tool definitions are adjusted
 * @param allowedTools        per item, the tool names it may use
 * @param approvalRequirement calls that pause for a fresh approval even when no gate asked
 * @param toolTimeout         wall-clock limit of one tool run
 * @param sandboxConfig       sandbox configuration of tool runs; null keeps the defaults
 */
record ToolChain(ExecutorRegistry registry, List<ToolDefinition> extraDefinitions,
                 List<Function<WorkItem, Toolset>> skillToolsets,
                 Function<WorkItem, UnaryOperator<List<ToolDefinition>>> preparer,
                 Function<WorkItem, Predicate<String>> allowedTools,
                 Function<ToolRequest, Optional<String>> approvalRequirement, Duration toolTimeout,
                 @Nullable SandboxConfig sandboxConfig) {
}
