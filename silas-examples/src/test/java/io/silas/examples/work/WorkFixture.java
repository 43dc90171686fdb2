package io.silas.examples.work;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.IdGenerator;
import io.silas.core.agent.ExecutorAgent;
import io.silas.core.agent.ExecutorAgentOutput;
import io.silas.core.agent.ExecutorRequest;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.execution.SandboxManager;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateRunner;
import io.silas.core.json.Json;
import io.silas.core.tool.ToolCall;
import io.silas.core.tool.ToolInvoker;
import io.silas.core.tool.ToolResult;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.ApprovalRequest;
import io.silas.core.work.DirectExecutor;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStore;
import io.silas.core.work.WorkProgressEvent;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import io.silas.execution.work.WorkExecutionBuilder;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Real components for the work executor tests: SQLite stores in a temp dir, Ed25519 keys, the approval engine,
 * the subprocess sandbox, the verification runner and the default gate runner. Only the agents are scripted.
 */
final class WorkFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-02-01T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final Path root;
    final Path baseDir;
    final SandboxManager sandboxes;
    final SqliteStores stores;
    final AuditLog audit;
    final WorkItemStore store;
    final ApprovalEngine approvals;
    final List<WorkProgressEvent> events = new CopyOnWriteArrayList<>();
    final List<ApprovalRequest> prompts = new CopyOnWriteArrayList<>();
    final Deque<ApprovalDecision> decisions = new ArrayDeque<>();
    final List<ExecutorRequest> requests = new CopyOnWriteArrayList<>();

    WorkFixture(Path tempDir) throws IOException {
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwx--x--x"));
        this.root = tempDir;
        this.baseDir = tempDir.resolve("sandboxes");
        this.sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(baseDir));
        this.stores = SqliteStores.open(tempDir.resolve("silas.db"), clock);
        this.audit = stores.auditLog();
        this.store = stores.workItemStore();
        this.approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate()).nonceStore(stores.nonceStore())
                .audit(audit).clock(clock).build();
    }

    GateRunner gates(GateCheckProvider... providers) {
        var builder = Gates.runner().audit(audit).provider(Gates.predicate());
        for (GateCheckProvider p : providers) {
            builder.provider(p);
        }
        return builder.build();
    }

    WorkExecutionBuilder builder(GateRunner gates) {
        return builder(gates, approvals);
    }

    /** The executor builder of {@link #builder(GateRunner)} over another approval engine. */
    WorkExecutionBuilder builder(GateRunner gates, ApprovalEngine engine) {
        return WorkExecution.builder().approvals(engine).store(store).audit(audit)
                .executors(ExecutorRegistry.defaults(sandboxes)).verification(Verification.runner(sandboxes))
                .gates(gates).artifactsDir(root.resolve("artifacts")).clock(clock)
                .ids(IdGenerator.sequential("x")).listener(events::add)
                .approvalTimeout(Duration.ofSeconds(10))
                .prompter((request, timeout) -> {
                    prompts.add(request);
                    synchronized (decisions) {
                        return decisions.isEmpty() ? ApprovalDecision.declined() : decisions.poll();
                    }
                });
    }

    /** Issues and verifies a full-plan token (as the Stream's approval flow does) and stores the approved item. */
    WorkItem approve(WorkItem item) {
        var token = approvals.issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
        var consumed = approvals.verify(token, item, null).orThrow();
        WorkItem approved = item.withApprovalToken(consumed);
        store.save(approved);
        return approved;
    }

    List<AuditEntry> audited(String event) {
        return audit.findByEvent(event);
    }

    /** A task that must leave {@code file} containing {@code text}. */
    static WorkItem.Builder task(String id, String file, String text) {
        return WorkItem.builder(id, WorkItemType.TASK, "Write " + file)
                .body("Create " + file + " containing " + text + ".")
                .verify(List.of(VerificationCheck.of("exists", "true", Expectation.fileExistsAt(file)),
                        VerificationCheck.of("content", "cat /artifacts/" + file, Expectation.outputContains(text))))
                .createdAt(START);
    }

    /** A direct shell task writing {@code text} into {@code file}. */
    static WorkItem.Builder directShell(String id, String file, String text) {
        return task(id, file, text).executor(DirectExecutor.SHELL)
                .body("sh -c 'echo " + text + " > " + file + "'");
    }

    /** A scripted agent: attempt n runs the n-th step (the last one repeats). */
    ExecutorAgent agent(List<BiFunction<ExecutorRequest, ToolInvoker, ExecutorAgentOutput>> steps) {
        return (request, tools) -> {
            requests.add(request);
            return steps.get(Math.min(request.attempt(), steps.size()) - 1).apply(request, tools);
        };
    }

    static BiFunction<ExecutorRequest, ToolInvoker, ExecutorAgentOutput> writes(String file, String text) {
        return (request, tools) -> {
            ToolResult r = tools.invoke(shell("sh -c 'echo " + text + " > " + file + "'"));
            return ExecutorAgentOutput.of("wrote " + file + ": " + r.status(), List.of(file));
        };
    }

    static BiFunction<ExecutorRequest, ToolInvoker, ExecutorAgentOutput> does(
            UnaryOperator<ToolInvoker> action) {
        return (request, tools) -> {
            action.apply(tools);
            return ExecutorAgentOutput.of("did something", List.of());
        };
    }

    static ToolCall shell(String command) {
        ObjectNode args = Json.mapper().createObjectNode();
        args.put("command", command);
        return new ToolCall("shell_exec", args);
    }

    @Override
    public void close() {
        stores.close();
    }
}
