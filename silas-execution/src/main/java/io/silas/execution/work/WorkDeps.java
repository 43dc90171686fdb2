package io.silas.execution.work;

import io.silas.core.IdGenerator;
import io.silas.core.agent.ExecutorAgent;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalPrompter;
import io.silas.core.audit.AuditLog;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.VerificationRunner;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateRunner;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolRequest;
import io.silas.core.tool.Toolset;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStore;
import io.silas.core.work.WorkProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** The collaborators and settings of one work executor, fixed at build time. */
record WorkDeps(
        ApprovalEngine approvals,
        WorkItemStore store,
        AuditLog audit,
        ExecutorRegistry registry,
        List<ToolDefinition> extraDefinitions,
        List<Function<WorkItem, Toolset>> skillToolsets,
        Function<WorkItem, UnaryOperator<List<ToolDefinition>>> preparer,
        Function<WorkItem, Predicate<String>> allowedTools,
        Function<ToolRequest, Optional<String>> approvalRequirement,
        VerificationRunner verification,
        GateRunner gates,
        List<Gate> systemGates,
        @Nullable ExecutorAgent executorAgent,
        @Nullable PlannerAgent planner,
        FreshApproval freshApproval,
        WorkProgressListener listener,
        ArtifactDirs artifacts,
        Clock clock,
        IdGenerator ids,
        Duration toolTimeout,
        @Nullable SandboxConfig sandboxConfig) {

    /** The same collaborators with one call's progress listener and approval prompter. */
    WorkDeps forCall(WorkProgressListener callListener, ApprovalPrompter callPrompter) {
        return new WorkDeps(approvals, store, audit, registry, extraDefinitions, skillToolsets, preparer, allowedTools,
                approvalRequirement, verification, gates, systemGates, executorAgent, planner,
                freshApproval.with(callPrompter), callListener, artifacts, clock, ids, toolTimeout, sandboxConfig);
    }
}
