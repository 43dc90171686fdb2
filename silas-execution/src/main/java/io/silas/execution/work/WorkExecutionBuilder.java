package io.silas.execution.work;

import io.silas.core.IdGenerator;
import io.silas.core.agent.ExecutorAgent;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.VerificationRunner;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateRunner;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolRequest;
import io.silas.core.tool.Toolset;
import io.silas.core.tool.Toolsets;
import io.silas.core.work.ApprovalPrompter;
import io.silas.core.work.WorkExecutorFactory;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemStore;
import io.silas.core.work.WorkProgressListener;
import io.silas.core.work.WorkServices;
import io.silas.execution.verify.Verification;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Assembles the default {@link WorkItemExecutor}. Every setter may be called once (a second call is
 * {@code CONFIG_INVALID}); {@link #build()} names every missing required collaborator in one
 * {@code MISSING_COLLABORATOR} error. Not thread-safe; the built executor is.
 *
 * <p><b>Two ways to finish it.</b> Inside a Stream, hand the builder to {@code StreamBuilder.workExecution(..)}
 * with only the host-side parts set ({@link #executors}, {@link #verification}, {@link #artifactsDir} and any
 * optional ones): the Stream completes it ({@link #create}) with its own audit log, clock, ids, approval engine,
 * gate runner, system gates, work item store and progress listener. Standalone, set those yourself and call
 * {@link #build()}.
 *
 * <p>Required for {@link #build()}: {@link #approvals}, {@link #store}, {@link #audit}, {@link #executors},
 * {@link #verification}, {@link #gates}, {@link #artifactsDir}. Everything else has a safe default: no system gates,
 * no executor agent (agent-run tasks then fail; direct items work), no planner, a prompter that declines everything,
 * a 5-minute approval timeout, no listener, the UTC system clock, random ids, a 300 s tool timeout, the default
 * sandbox configuration, every registered tool allowed, no extra approval requirement.
 *
 * <p><b>Security guarantees:</b> completed by a Stream, the executor evaluates the Stream's {@code gates.system}
 * before each item's own gates and can use no other audit log or approval engine: setting one of the shared parts as
 * well is {@code CONFIG_INVALID}, never a silent choice between two.
 */
public final class WorkExecutionBuilder implements WorkExecutorFactory {
    /** The parts a Stream supplies in {@link #create}; a builder handed to a Stream must not set them. */
    private static final List<String> SHARED = List.of("approvals", "store", "audit", "gates", "system_gates",
            "clock", "ids", "listener");

    /** Default wait for a fresh approval before it counts as declined. */
    public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(5);
    /** Default wall-clock limit of one tool run. */
    public static final Duration DEFAULT_TOOL_TIMEOUT = SandboxConfig.DEFAULT_TIMEOUT;

    private final Set<String> set = new java.util.HashSet<>();
    private @Nullable ApprovalEngine approvals;
    private @Nullable WorkItemStore store;
    private @Nullable AuditLog audit;
    private @Nullable ExecutorRegistry executors;
    private @Nullable VerificationRunner verification;
    private @Nullable GateRunner gates;
    private @Nullable Path artifactsDir;
    private List<Gate> systemGates = List.of();
    private @Nullable ExecutorAgent executorAgent;
    private @Nullable PlannerAgent planner;
    private ApprovalPrompter prompter = ApprovalPrompter.declineAll();
    private Duration approvalTimeout = DEFAULT_APPROVAL_TIMEOUT;
    private @Nullable Executor promptExecutor;
    private WorkProgressListener listener = WorkProgressListener.none();
    private Clock clock = Clock.systemUTC();
    private IdGenerator ids = IdGenerator.random();
    private Duration toolTimeout = DEFAULT_TOOL_TIMEOUT;
    private @Nullable SandboxConfig sandboxConfig;
    private final List<ToolDefinition> toolDefinitions = new ArrayList<>();
    private final List<Function<WorkItem, Toolset>> skillToolsets = new ArrayList<>();
    private Function<WorkItem, UnaryOperator<List<ToolDefinition>>> preparer = item -> UnaryOperator.identity();
    private Function<WorkItem, Predicate<String>> allowedTools = item -> name -> true;
    private Function<ToolRequest, Optional<String>> approvalRequirement = Toolsets::noExtraApproval;

    WorkExecutionBuilder() {
    }

    /**
     * {@return the approval engine: {@code check} at entry, {@code issue}/{@code verify} for fresh and standing approvals}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder approvals(ApprovalEngine value) {
        this.approvals = once("approvals", value);
        return this;
    }

    /**
     * {@return where every state change of a work item is persisted}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder store(WorkItemStore value) {
        this.store = once("store", value);
        return this;
    }

    /**
     * {@return the audit log every attempt, tool call and approval is written to (a Stream supplies its own)}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder audit(AuditLog value) {
        this.audit = once("audit", value);
        return this;
    }

    /**
     * {@return the tools: every registered action is a tool ({@code ExecutorRegistry.defaults(sandboxes)})}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder executors(ExecutorRegistry value) {
        this.executors = once("executors", value);
        return this;
    }

    /**
     * {@return the verification runner ({@code Verification.runner(sandboxes)}); it uses its own sandboxes}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder verification(VerificationRunner value) {
        this.verification = once("verification", value);
        return this;
    }

    /**
     * {@return the gate runner evaluating {@code on_tool_call} and {@code after_step} gates}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder gates(GateRunner value) {
        this.gates = once("gates", value);
        return this;
    }

    /**
     * Root of the per-item artifacts dirs. Created {@code 0700} if missing; dirs are {@code 0700} and files
     * {@code 0600} (the verification sandbox reads its own copy, owned by its uid).
     *
     * @param value the new value
     * @return the work execution builder
     */
    public WorkExecutionBuilder artifactsDir(Path value) {
        this.artifactsDir = once("artifacts_dir", value);
        return this;
    }

    /**
     * System gates ({@code gates.system}), evaluated before each item's own gates.
     *
     * @param value the new value
     * @return the work execution builder
     */
    public WorkExecutionBuilder systemGates(List<Gate> value) {
        this.systemGates = List.copyOf(once("system_gates", value));
        return this;
    }

    /**
     * {@return the agent that runs agent-driven tasks (direct {@code shell}/{@code python} items need none)}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder executorAgent(ExecutorAgent value) {
        this.executorAgent = once("executor_agent", value);
        return this;
    }

    /**
     * {@return the planner consulted for guidance when a task is stuck ({@code on_stuck: consult_planner})}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder planner(PlannerAgent value) {
        this.planner = once("planner", value);
        return this;
    }

    /**
     * Asks the owner for fresh approvals (paused tool calls, spawned tasks the standing token does not cover).
     *
     * @param value the new value
     * @return the work execution builder
     */
    public WorkExecutionBuilder prompter(ApprovalPrompter value) {
        this.prompter = once("prompter", value);
        return this;
    }

    /**
     * {@return how long a fresh approval may take before it counts as declined (positive)}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder approvalTimeout(Duration value) {
        this.approvalTimeout = positive("approval_timeout", once("approval_timeout", value));
        return this;
    }

    /**
     * Threads the prompter runs on, so its deadline can be enforced (default: a daemon thread per prompt).
     *
     * @param value the new value
     * @return the work execution builder
     */
    public WorkExecutionBuilder promptExecutor(Executor value) {
        this.promptExecutor = once("prompt_executor", value);
        return this;
    }

    /**
     * {@return where progress of {@code execute(item)} calls goes (a Stream supplies the owner's connection)}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder listener(WorkProgressListener value) {
        this.listener = once("listener", value);
        return this;
    }

    /**
     * {@return the clock of budgets, approvals and audit timestamps (a Stream supplies its own)}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder clock(Clock value) {
        this.clock = once("clock", value);
        return this;
    }

    /**
     * Ids of executions and spawned tasks.
     *
     * @param value the new value
     * @return the work execution builder
     */
    public WorkExecutionBuilder ids(IdGenerator value) {
        this.ids = once("ids", value);
        return this;
    }

    /**
     * Wall-clock limit of one tool run (positive; capped further by the remaining wall-time budget).
     *
     * @param value the new value
     * @return the work execution builder
     */
    public WorkExecutionBuilder toolTimeout(Duration value) {
        this.toolTimeout = positive("tool_timeout", once("tool_timeout", value));
        return this;
    }

    /**
     * Sandbox configuration of tool runs (limits, read-only paths); null keeps the defaults.
     *
     * @param value the new value
     * @return the work execution builder
     */
    public WorkExecutionBuilder sandboxConfig(SandboxConfig value) {
        this.sandboxConfig = once("sandbox_config", value);
        return this;
    }

    /**
     * Declares the arguments of a host-registered executor (replaces the built-in declaration of that name).
     *
     * @param value the new value
     * @return the work execution builder
     */
    public WorkExecutionBuilder toolDefinition(ToolDefinition value) {
        if (value == null) {
            throw SilasException.invalid("tool_definition", "is required");
        }
        toolDefinitions.add(value);
        return this;
    }

    /**
     * Adds work-item skill tools to the skill stage (after the harness tools; names must not collide).
     *
     * @param value the new value
     * @return the work execution builder
     */
    public WorkExecutionBuilder skillToolset(Function<WorkItem, Toolset> value) {
        if (value == null) {
            throw SilasException.invalid("skill_toolset", "is required");
        }
        skillToolsets.add(value);
        return this;
    }

    /**
     * {@return the prepared stage: per work item, how tool definitions are adjusted (descriptions, dropping tools)}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder prepareTools(Function<WorkItem, UnaryOperator<List<ToolDefinition>>> value) {
        this.preparer = once("prepare_tools", value);
        return this;
    }

    /**
     * {@return the filtered stage: per work item, the tool names it may use (for example from its access level)}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder allowedTools(Function<WorkItem, Set<String>> value) {
        once("allowed_tools", value);
        this.allowedTools = item -> Set.copyOf(value.apply(item))::contains;
        return this;
    }

    /**
     * {@return the approval-required stage: calls for which this returns a reason pause for a fresh approval even when no
     * gate asked for one}
     *
     * @param value the new value
     */
    public WorkExecutionBuilder approvalRequired(Function<ToolRequest, Optional<String>> value) {
        this.approvalRequirement = once("approval_required", value);
        return this;
    }

    /**
     * Builds the executor from what was set on this builder (standalone use, without a Stream).
     *
     * @return the work item executor
     * @throws SilasException {@code MISSING_COLLABORATOR} naming every missing required collaborator
     */
    public WorkItemExecutor build() {
        List<String> missing = new ArrayList<>();
        check(missing, approvals, "approvals");
        check(missing, store, "store");
        check(missing, audit, "audit");
        check(missing, gates, "gates");
        hostSide(missing);
        return assemble(new WorkServices(audit, clock, ids, approvals, gates, systemGates, store, listener));
    }

    /**
     * Completes the executor with the Stream's shared services (called by the Stream at its {@code build()}).
     *
     * @throws SilasException {@code CONFIG_INVALID} when a shared part ({@code approvals}, {@code store},
     *     {@code audit}, {@code gates}, {@code system_gates}, {@code clock}, {@code ids}, {@code listener}) was also
     *     set on this builder; {@code MISSING_COLLABORATOR} naming missing host-side parts
     */
    @Override
    public WorkItemExecutor create(WorkServices services) {
        if (services == null) {
            throw SilasException.invalid("services", "is required");
        }
        List<String> twice = SHARED.stream().filter(set::contains).toList();
        if (!twice.isEmpty()) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "the Stream supplies " + String.join(", ", twice)
                    + " to the work executor; do not set them on WorkExecution.builder() as well");
        }
        hostSide(new ArrayList<>());
        return assemble(services);
    }

    private void hostSide(List<String> missing) {
        check(missing, executors, "executors");
        check(missing, verification, "verification");
        check(missing, artifactsDir, "artifacts_dir");
        if (!missing.isEmpty()) {
            throw new SilasException(ErrorCode.MISSING_COLLABORATOR,
                    "work executor is missing: " + String.join(", ", missing));
        }
    }

    private WorkItemExecutor assemble(WorkServices shared) {
        Executor threads = promptExecutor != null ? promptExecutor : command -> {
            Thread t = new Thread(command, "silas-approval-prompt");
            t.setDaemon(true);
            t.start();
        };
        FreshApproval fresh = new FreshApproval(prompter, shared.approvals(), shared.audit(), approvalTimeout,
                threads);
        ToolChain tools = new ToolChain(executors, List.copyOf(toolDefinitions), List.copyOf(skillToolsets), preparer,
                allowedTools, approvalRequirement, toolTimeout, sandboxConfig);
        WorkDeps deps = new WorkDeps(shared, tools, verification, new ArtifactDirs(artifactsDir), executorAgent,
                planner, fresh);
        return new DefaultWorkItemExecutor(deps);
    }

    private <T> T once(String name, T value) {
        if (value == null) {
            throw SilasException.invalid(name, "is required");
        }
        if (!set.add(name)) {
            throw new SilasException(ErrorCode.CONFIG_INVALID, "WorkExecution builder: " + name + " set twice");
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw SilasException.invalid(name, "must be positive");
        }
        return value;
    }

    private static void check(List<String> missing, @Nullable Object value, String name) {
        if (value == null) {
            missing.add(name);
        }
    }
}
