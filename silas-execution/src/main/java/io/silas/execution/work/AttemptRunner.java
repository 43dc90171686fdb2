package io.silas.execution.work;

import io.silas.core.audit.AuditData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.agent.ExecutorAgentOutput;
import io.silas.core.agent.ExecutorRequest;
import io.silas.core.agent.StructuredCalls;
import io.silas.core.agent.StructuredOutcome;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
import io.silas.core.tool.ToolCall;
import io.silas.core.tool.ToolCallStatus;
import io.silas.core.tool.ToolLedgerEntry;
import io.silas.core.tool.ToolRequest;
import io.silas.core.tool.ToolResult;
import io.silas.core.tool.Toolset;
import io.silas.core.tool.Toolsets;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.DirectExecutor;
import io.silas.core.work.WorkItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The execution phase of one attempt (docs/contracts.md#work-execution): builds the attempt's toolset chain and
 * invoker, then either runs the executor agent through {@link StructuredCalls} or, for a direct item, makes the one
 * approved tool call itself. Artifacts come only from the ledger; the agent's {@code artifact_refs} are cross-checked
 * and mismatches audited as {@value WorkExecution#EVENT_ARTIFACT_REF_MISMATCH}.
 */
final class AttemptRunner {
    private final WorkDeps deps;
    private final WorkRecorder recorder;

    AttemptRunner(WorkDeps deps, WorkRecorder recorder) {
        this.deps = deps;
        this.recorder = recorder;
    }

    AttemptOutcome run(WorkItem item, int attempt, String instructions, Map<String, String> imported,
                       BudgetMeter meter) {
        Toolset chain = chain(item, meter, (request, reason) ->
                approve(toolCallItem(item, attempt, request), reason));
        AttemptInvoker invoker = new AttemptInvoker(deps.shared(), item, chain, meter, imported,
                (seq, reason) -> approve(stepItem(item, attempt, seq, reason), reason),
                request -> approve(toolCallItem(item, attempt, request), "a system gate changed the approved "
                        + WorkRecorder.wire(item.executor()) + " arguments; approve the new ones shown here"));
        return item.executor() != null ? direct(item, invoker) : agent(item, attempt, instructions, invoker, meter);
    }

    private AttemptOutcome direct(WorkItem item, AttemptInvoker invoker) {
        ObjectNode args = Json.mapper().createObjectNode();
        String tool;
        if (item.executor() == DirectExecutor.SHELL) {
            tool = ShellExecutor.ACTION;
            args.put("command", item.body().strip());
        } else {
            tool = PythonExecutor.ACTION;
            args.put("script", item.body());
        }
        ToolResult result = invoker.invoke(new ToolCall(tool, args));
        String failures = ledgerFailures(invoker.ledger().entries());
        if (invoker.haltReason() != null) {
            return AttemptOutcome.halted(invoker.haltReason());
        }
        if (!result.ok() && result.status() != ToolCallStatus.ERROR
                && result.status() != ToolCallStatus.BUDGET_EXHAUSTED) {
            return AttemptOutcome.halted(result.error());
        }
        if (!result.ok()) {
            return AttemptOutcome.failed("direct " + WorkRecorder.wire(item.executor()) + " run failed: "
                    + result.error(), "");
        }
        return AttemptOutcome.ran("Ran the approved " + WorkRecorder.wire(item.executor()) + " "
                + (item.executor() == DirectExecutor.SHELL ? "command" : "script"), invoker.currentArtifacts(),
                List.of(), failures);
    }

    private AttemptOutcome agent(WorkItem item, int attempt, String instructions, AttemptInvoker invoker,
                                 BudgetMeter meter) {
        if (deps.executorAgent() == null) {
            return AttemptOutcome.fatal("no executor agent is configured for agent-run work items");
        }
        ExecutorRequest request = new ExecutorRequest(item.id(), attempt, instructions, invoker.tools(),
                List.copyOf(new TreeSet<>(invoker.currentArtifacts().keySet())));
        StructuredOutcome<ExecutorAgentOutput> outcome;
        try {
            outcome = StructuredCalls.executor(deps.executorAgent(), request, invoker);
        } catch (RuntimeException e) {
            String why = e instanceof SilasException se ? se.code().id() + ": " + se.getMessage()
                    : e.getClass().getSimpleName();
            return invoker.haltReason() != null ? AttemptOutcome.halted(invoker.haltReason())
                    : AttemptOutcome.failed("executor agent failed: " + why, ledgerFailures(invoker.ledger().entries()));
        }
        String failures = ledgerFailures(invoker.ledger().entries());
        if (invoker.haltReason() != null) {
            return AttemptOutcome.halted(invoker.haltReason());
        }
        if (!outcome.valid()) {
            recorder.audit(WorkExecution.EVENT_OUTPUT_INVALID, item,
                    AuditData.create().put("attempt", attempt).put("errors", outcome.validationErrors()));
            return AttemptOutcome.failed(StructuredCalls.EXECUTOR_OUTPUT_INVALID + ": " + outcome.lastError(),
                    failures);
        }
        ExecutorAgentOutput output = outcome.value();
        meter.addUsage(output.tokensUsed(), output.costUsd());
        crossCheck(item, attempt, output, invoker.ledger().artifacts().keySet());
        if (output.lastError() != null && item.verify().isEmpty()) {
            return AttemptOutcome.failed("the executor agent reported: " + output.lastError(), failures);
        }
        return AttemptOutcome.ran(output.summary(), invoker.currentArtifacts(), output.nextSteps(), failures);
    }

    private void crossCheck(WorkItem item, int attempt, ExecutorAgentOutput output, Set<String> produced) {
        Set<String> claimed = new TreeSet<>(output.artifactRefs());
        List<String> notProduced = claimed.stream().filter(c -> !produced.contains(c)).toList();
        List<String> notClaimed = new TreeSet<>(produced).stream().filter(p -> !claimed.contains(p)).toList();
        if (!notProduced.isEmpty() || !notClaimed.isEmpty()) {
            recorder.audit(WorkExecution.EVENT_ARTIFACT_REF_MISMATCH, item, AuditData.create().put("attempt", attempt)
                    .put("claimed_not_produced", notProduced).put("produced_not_claimed", notClaimed));
        }
    }

    private Toolset chain(WorkItem item, BudgetMeter meter, io.silas.core.tool.ToolApproval approval) {
        Toolset harness = new RegistryToolset(deps.tools().registry(), deps.tools().extraDefinitions(), deps.shared().ids(), item.title(),
                () -> (int) Math.min(deps.tools().toolTimeout().toSeconds(), meter.remainingWallSeconds()),
                deps.tools().sandboxConfig());
        List<Toolset> parts = new ArrayList<>();
        parts.add(harness);
        deps.tools().skillToolsets().forEach(f -> parts.add(f.apply(item)));
        return Toolsets.combined(parts)
                .prepared(deps.tools().preparer().apply(item))
                .filtered(deps.tools().allowedTools().apply(item))
                .approvalRequired(deps.tools().approvalRequirement(), approval);
    }

    private boolean approve(WorkItem stepItem, String reason) {
        return deps.freshApproval().obtain(stepItem, ApprovalScope.SINGLE_STEP, reason).isPresent();
    }

    /** A one-step item binding an approval to exactly this tool call (its canonical name and arguments). */
    private WorkItem toolCallItem(WorkItem item, int attempt, ToolRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tool_name", request.call().toolName());
        body.put("tool_args", request.call().args());
        return oneStep(item, item.id() + "/attempt-" + attempt + "/tool-" + request.sequence(),
                "Tool call " + request.call().toolName() + " for: " + item.title(), body);
    }

    /** A one-step item binding an approval to continuing after step {@code seq}. */
    private WorkItem stepItem(WorkItem item, int attempt, int seq, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("after_step", seq);
        body.put("reason", reason);
        return oneStep(item, item.id() + "/attempt-" + attempt + "/step-" + seq,
                "Continue after step " + seq + " of: " + item.title(), body);
    }

    private WorkItem oneStep(WorkItem item, String id, String title, Map<String, Object> body) {
        return WorkItem.builder(id, WorkItemType.TASK, title).parent(item.id())
                .body(CanonicalJson.string(Json.mapper().valueToTree(body))).createdAt(deps.shared().clock().instant()).build();
    }

    private static String ledgerFailures(List<ToolLedgerEntry> entries) {
        String failed = entries.stream().filter(e -> !e.succeeded() && e.reason() != null)
                .map(e -> e.toolName() + " #" + e.sequence() + " " + WorkRecorder.wire(e.status()) + ": " + e.reason())
                .collect(Collectors.joining("; "));
        return failed.isEmpty() ? "" : "\nFailed tool calls: " + failed;
    }
}
