package io.silas.core.observe;

import io.silas.core.agent.ExecutorAgent;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.VerificationRunner;
import io.silas.core.schedule.Scheduler;
import io.silas.core.work.WorkItemExecutor;
import java.util.Locale;

/**
 * Puts a {@link SilasObserver} in front of the parts a host builds itself, e.g.
 * {@code Observers.sandboxes(Sandboxes.subprocess(), observer)}. {@code StreamBuilder.observer(..)} does this for
 * what it is given (audit log, approval engine, scheduler, work executor); wrap here what is built outside the
 * Stream: the sandbox manager, the verification runner, the executor agent (its tool calls), and the audit log handed
 * to the message trust and the gate runner. With {@link SilasObserver#none()} each method returns its argument
 * unchanged (nothing to pay), except {@link #workExecutor}, which always sets the run's log correlation.
 *
 * <p><b>Security guarantees:</b> a wrapper only observes: every call, argument, result and exception passes through
 * unchanged, so gates, approvals and sandbox limits hold exactly as without it.
 */
public final class Observers {
    private Observers() {
    }

    /**
     * Counts every append ({@link SilasMeter#AUDIT_APPENDS}); an already observed log is returned as it is.
     *
     * @param log      the audit log
     * @param observer where appends are counted
     * @return the observed log
     */
    public static AuditLog audit(AuditLog log, SilasObserver observer) {
        Checks.nonNull(log, "audit");
        return observer == SilasObserver.none() || log instanceof ObservedAuditLog ? log
                : new ObservedAuditLog(log, observer);
    }

    /**
     * Times every issue ({@link Operation#APPROVAL_ISSUE}) and verification ({@link Operation#APPROVAL_VERIFY},
     * counted by outcome in {@link SilasMeter#APPROVALS}).
     *
     * @param engine   the approval engine
     * @param observer where they are reported
     * @return the observed engine
     */
    public static ApprovalEngine approvals(ApprovalEngine engine, SilasObserver observer) {
        Checks.nonNull(engine, "approvals");
        return observer == SilasObserver.none() || engine instanceof ObservedApprovalEngine ? engine
                : new ObservedApprovalEngine(engine, observer);
    }

    /**
     * Times every command its sandboxes run ({@link Operation#SANDBOX_RUN}) and counts how each terminated
     * ({@link SilasMeter#SANDBOX_TERMINATIONS}).
     *
     * @param manager  the sandbox manager
     * @param observer where runs are reported
     * @return the observed manager
     */
    public static SandboxManager sandboxes(SandboxManager manager, SilasObserver observer) {
        Checks.nonNull(manager, "sandboxes");
        return observer == SilasObserver.none() ? manager : config -> new ObservedSandbox(manager.create(config),
                observer);
    }

    /**
     * Times every verification run ({@link Operation#VERIFICATION}, outcome {@code passed} or {@code failed}).
     *
     * @param runner   the verification runner
     * @param observer where runs are reported
     * @return the observed runner
     */
    public static VerificationRunner verification(VerificationRunner runner, SilasObserver observer) {
        Checks.nonNull(runner, "verification");
        if (observer == SilasObserver.none()) {
            return runner;
        }
        return (checks, artifacts) -> {
            try (OperationScope scope = observer.start(Operation.VERIFICATION)) {
                try {
                    var report = runner.run(checks, artifacts);
                    scope.tag(ObservationKeys.OUTCOME, report.allPassed() ? "passed" : "failed");
                    return report;
                } catch (RuntimeException | Error e) {
                    scope.error(e);
                    throw e;
                }
            }
        };
    }

    /**
     * Times every tool call the agent makes through its invoker ({@link Operation#TOOL_CALL}, tag {@code tool},
     * outcome the call's status).
     *
     * @param agent    the executor agent
     * @param observer where tool calls are reported
     * @return the observed agent
     */
    public static ExecutorAgent executorAgent(ExecutorAgent agent, SilasObserver observer) {
        Checks.nonNull(agent, "executor_agent");
        return observer == SilasObserver.none() ? agent
                : (request, tools) -> agent.run(request, new ObservedToolInvoker(tools, observer));
    }

    /**
     * Times every run of every job scheduled through it ({@link Operation#SCHEDULED_JOB}, tag {@code job}).
     *
     * @param scheduler the scheduler
     * @param observer  where job runs are reported
     * @return the observed scheduler
     */
    public static Scheduler scheduler(Scheduler scheduler, SilasObserver observer) {
        Checks.nonNull(scheduler, "scheduler");
        return observer == SilasObserver.none() || scheduler instanceof ObservedScheduler ? scheduler
                : new ObservedScheduler(scheduler, observer);
    }

    /**
     * Runs every execution with the work item's log correlation ({@code silas.work_item_id}, and its scope) and
     * times it ({@link Operation#WORK_RUN}, outcome the result's status).
     *
     * @param executor the work executor
     * @param observer where runs are reported
     * @return the correlated (and observed) executor
     */
    public static WorkItemExecutor workExecutor(WorkItemExecutor executor, SilasObserver observer) {
        Checks.nonNull(executor, "work_executor");
        return executor instanceof ObservedWorkItemExecutor ? executor
                : new ObservedWorkItemExecutor(executor, observer);
    }

    /** An enum constant as a tag value: lower case. */
    static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
