package io.silas.execution.work;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.audit.AuditData;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.json.Hashes;
import io.silas.core.tool.ToolCall;
import io.silas.core.tool.ToolCallStatus;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolExecution;
import io.silas.core.tool.ToolInvoker;
import io.silas.core.tool.ToolLedger;
import io.silas.core.tool.ToolLedgerEntry;
import io.silas.core.tool.ToolRequest;
import io.silas.core.tool.ToolResult;
import io.silas.core.tool.Toolset;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkServices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ToolInvoker} of one attempt: validation → {@code on_tool_call} gates (the host's system gates, which
 * may rewrite {@code tool_args}, then the gates carried by the plan, which may block or ask for approval but whose
 * rewrite refuses the call) → for a direct item, a fresh approval showing any rewritten arguments → toolset chain
 * (filtered, approval-required, sandboxed execution) → ledger → {@code after_step} gates. Every call, refused or executed, is
 * recorded in the ledger and audited as {@value WorkExecution#EVENT_TOOL_CALL} with a hash of its arguments (never the
 * arguments themselves). Calls are serialised.
 *
 * <p>An {@code after_step} policy block, a declined {@code after_step} approval, or a sandbox that cannot be isolated
 * halts the attempt: the current and every later call are refused {@code blocked} and the task ends
 * {@code blocked}.
 */
final class AttemptInvoker implements ToolInvoker {
    private final WorkServices deps;
    private final WorkItem item;
    private final List<Gate> systemGates;
    private final List<Gate> planGates;
    private final Toolset chain;
    private final ToolLedger ledger = new ToolLedger();
    private final BudgetMeter meter;
    private final Map<String, String> imported;
    private final BiPredicate<Integer, String> stepApproval;
    private final Predicate<ToolRequest> rewriteApproval;
    private @Nullable String haltReason;

    AttemptInvoker(WorkServices deps, WorkItem item, Toolset chain, BudgetMeter meter, Map<String, String> imported,
                   BiPredicate<Integer, String> stepApproval, Predicate<ToolRequest> rewriteApproval) {
        this.deps = deps;
        this.item = item;
        this.systemGates = List.copyOf(deps.systemGates());
        this.planGates = List.copyOf(item.gates());
        this.rewriteApproval = rewriteApproval;
        this.chain = chain;
        this.meter = meter;
        this.imported = Map.copyOf(imported);
        this.stepApproval = stepApproval;
    }

    @Override
    public List<ToolDefinition> tools() {
        return chain.definitions();
    }

    ToolLedger ledger() {
        return ledger;
    }

    synchronized @Nullable String haltReason() {
        return haltReason;
    }

    /** Imported artifacts overlaid with the successful calls' artifacts so far. */
    synchronized Map<String, String> currentArtifacts() {
        Map<String, String> all = new LinkedHashMap<>(imported);
        all.putAll(ledger.artifacts());
        return all;
    }

    @Override
    public synchronized ToolResult invoke(ToolCall call) {
        int seq = ledger.nextSequence();
        if (call == null) {
            throw SilasException.invalid("call", "is required");
        }
        ObjectNode args = call.args();
        if (haltReason != null) {
            return refuse(seq, call.toolName(), args, ToolCallStatus.BLOCKED, "execution halted: " + haltReason);
        }
        if (meter.exhaustedWithinAttempt()) {
            return refuse(seq, call.toolName(), args, ToolCallStatus.BUDGET_EXHAUSTED, "the work item's budget is exhausted");
        }
        Optional<ToolDefinition> definition = chain.find(call.toolName());
        if (definition.isEmpty()) {
            return refuse(seq, call.toolName(), args, ToolCallStatus.NOT_FOUND,
                    "tool '" + call.toolName() + "' is not available");
        }
        Optional<String> invalid = definition.get().validate(args);
        if (invalid.isPresent()) {
            return refuse(seq, call.toolName(), args, ToolCallStatus.INVALID_ARGS, invalid.get());
        }
        GateRunner.Session turn = deps.gates().openTurn();
        GateEvaluation system = turn.checkGates(systemGates, GateTrigger.ON_TOOL_CALL,
                GateContext.forToolCall(call.toolName(), args));
        auditQuality(WorkExecution.EVENT_QUALITY_TOOL_CALL, system, seq);
        if (system.blocked()) {
            return refuse(seq, call.toolName(), args, ToolCallStatus.BLOCKED, blockReason(system));
        }
        ObjectNode finalArgs = system.merged().toolArgs();
        GateEvaluation plan = turn.checkGates(planGates, GateTrigger.ON_TOOL_CALL,
                GateContext.forToolCall(call.toolName(), finalArgs));
        auditQuality(WorkExecution.EVENT_QUALITY_TOOL_CALL, plan, seq);
        if (plan.blocked()) {
            return refuse(seq, call.toolName(), finalArgs, ToolCallStatus.BLOCKED, blockReason(plan));
        }
        if (!plan.merged().toolArgs().equals(finalArgs)) {
            return refuse(seq, call.toolName(), finalArgs, ToolCallStatus.BLOCKED, "a gate carried by the plan "
                    + "tried to change the tool arguments; plan gates may block or ask, never rewrite what runs");
        }
        if (!finalArgs.equals(args)) {
            Optional<String> rewrittenInvalid = definition.get().validate(finalArgs);
            if (rewrittenInvalid.isPresent()) {
                return refuse(seq, call.toolName(), finalArgs, ToolCallStatus.INVALID_ARGS,
                        "rewritten arguments: " + rewrittenInvalid.get());
            }
        }
        List<String> approvalReasons = new ArrayList<>();
        for (GateEvaluation evaluation : List.of(system, plan)) {
            evaluation.approvalsRequired().forEach(r -> approvalReasons.add("gate " + r.gateName() + ": "
                    + r.reason()));
        }
        ToolRequest request = new ToolRequest(call.withArgs(finalArgs), seq, item.id(), approvalReasons,
                currentArtifacts());
        if (item.executor() != null && !finalArgs.equals(args) && !rewriteApproval.test(request)) {
            return refuse(seq, call.toolName(), finalArgs, ToolCallStatus.BLOCKED, "a system gate changed the "
                    + "approved command and the owner did not approve the new arguments; nothing ran");
        }
        ToolExecution execution;
        try {
            execution = chain.execute(request);
        } catch (SilasException e) {
            if (e.code() != ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE) {
                throw e;
            }
            haltReason = e.getMessage();
            return refuse(seq, call.toolName(), finalArgs, ToolCallStatus.BLOCKED, haltReason);
        }
        if (execution instanceof ToolExecution.Refused refused) {
            return refuse(seq, call.toolName(), finalArgs, refused.status(), refused.reason());
        }
        ExecutionResult result = ((ToolExecution.Executed) execution).result();
        meter.addExecutorRun(result.tokensUsed(), result.costUsd());
        ToolCallStatus status = result.success() ? ToolCallStatus.OK : ToolCallStatus.ERROR;
        String error = result.success() ? null : (result.error() == null ? "the tool failed" : result.error());
        ledger.record(new ToolLedgerEntry(seq, call.toolName(), finalArgs, status, result, error));
        audit(seq, call.toolName(), finalArgs, status, error, !finalArgs.equals(args), result);
        String output = result.returnValue();
        if (result.success()) {
            output = afterStep(turn, seq, output);
            if (haltReason != null) {
                return ToolResult.refused(ToolCallStatus.BLOCKED, "execution halted: " + haltReason);
            }
        }
        return new ToolResult(status, output, error, result.taint(),
                result.success() ? List.copyOf(new java.util.TreeSet<>(result.artifacts().keySet())) : List.of());
    }

    private static String blockReason(GateEvaluation evaluation) {
        GateResult block = evaluation.firstBlock().orElseThrow();
        return "blocked by gate " + block.gateName() + ": " + block.reason();
    }

    private String afterStep(GateRunner.Session turn, int seq, String output) {
        List<Gate> executionGates = new ArrayList<>(systemGates);
        executionGates.addAll(planGates);
        GateEvaluation step = turn.checkGates(executionGates, GateTrigger.AFTER_STEP, GateContext.forStep(seq, output));
        auditQuality(WorkExecution.EVENT_QUALITY_AFTER_STEP, step, seq);
        if (step.blocked()) {
            GateResult block = step.firstBlock().get();
            haltReason = "after_step gate " + block.gateName() + ": " + block.reason();
            return output;
        }
        if (step.requiresApproval()) {
            String reason = step.approvalsRequired().stream().map(r -> "gate " + r.gateName() + ": " + r.reason())
                    .reduce((a, b) -> a + "; " + b).orElse("");
            if (!stepApproval.test(seq, reason)) {
                haltReason = "after_step approval declined (" + reason + ")";
                return output;
            }
        }
        String rewritten = step.merged().response();
        return rewritten != null ? rewritten : output;
    }

    private ToolResult refuse(int seq, String toolName, ObjectNode args, ToolCallStatus status, String reason) {
        ledger.record(new ToolLedgerEntry(seq, toolName, args, status, null, reason));
        audit(seq, toolName, args, status, reason, false, null);
        return ToolResult.refused(status, reason);
    }

    private void audit(int seq, String toolName, ObjectNode args, ToolCallStatus status, @Nullable String reason,
                       boolean rewritten, @Nullable ExecutionResult result) {
        AuditData data = AuditData.create();
        data.workItem(item.id());
        data.put("sequence", seq);
        data.put("tool_name", toolName);
        data.put("args_sha256", Hashes.canonicalSha256Hex(args));
        data.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        data.put("args_rewritten", rewritten);
        if (reason != null) {
            data.reason(reason);
        }
        if (result != null) {
            data.put("execution_id", result.executionId());
            Object exit = result.metadata().get("exit_code");
            if (exit != null) {
                data.put("exit_code", exit);
            }
            data.put("artifacts", new ArrayList<>(new java.util.TreeSet<>(result.artifacts().keySet())));
        }
        deps.audit().append(WorkExecution.EVENT_TOOL_CALL, data);
    }

    private void auditQuality(String event, GateEvaluation evaluation, int seq) {
        for (GateResult q : evaluation.quality()) {
            AuditData data = AuditData.create();
            data.workItem(item.id());
            data.put("sequence", seq);
            data.put("gate", q.gateName());
            data.put("action", q.action().name().toLowerCase(java.util.Locale.ROOT));
            if (q.score() != null) {
                data.put("score", q.score());
            }
            data.put("flags", q.flags());
            deps.audit().append(event, data);
        }
    }
}
