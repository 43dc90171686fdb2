package io.silas.execution.work;

import io.silas.core.agent.ExecutorAgent;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.execution.VerificationRunner;
import io.silas.core.work.ApprovalPrompter;
import io.silas.core.work.WorkProgressListener;
import io.silas.core.work.WorkServices;
import org.jspecify.annotations.Nullable;

/**
 * The collaborators of one work executor, fixed at build time, in slices: the services a Stream shares
 * ({@link WorkServices}), the tool settings ({@link ToolChain}), verification and artifacts, the agents and the
 * fresh-approval flow. Classes that need one slice take only that slice ({@link WorkRecorder},
 * {@link ExecutionEntry}, {@link AttemptInvoker} take {@link WorkServices}).
 */
record WorkDeps(WorkServices shared, ToolChain tools, VerificationRunner verification, ArtifactDirs artifacts,
                @Nullable ExecutorAgent executorAgent, @Nullable PlannerAgent planner, FreshApproval freshApproval) {

    /** The same collaborators with one call's progress listener and approval prompter. */
    WorkDeps forCall(WorkProgressListener callListener, ApprovalPrompter callPrompter) {
        return new WorkDeps(shared.withListener(callListener), tools, verification, artifacts, executorAgent, planner,
                freshApproval.with(callPrompter));
    }
}
