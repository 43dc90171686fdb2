package io.silas.examples;

import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.execution.SandboxManager;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.PlanParser;
import io.silas.core.work.VerificationResult;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemResult;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/**
 * A direct {@code executor: shell} work item end to end on the embedded defaults: the plan is parsed, the owner
 * approves it (Ed25519 token issued and verified), the command runs in the subprocess sandbox through the gated tool
 * path, and verification checks in separate sandboxes decide that it is done. No model is involved.
 *
 * <p>Everything lives under one data dir (argument 1, else a new temp dir): {@code silas.db} (SQLite: audit log,
 * nonces, work items), {@code sandboxes/} and {@code artifacts/}. The signing key is generated for the run (a host
 * keeps it in a {@code SecretStore} with {@code SigningKeys.loadOrCreate}). Needs Linux with bubblewrap (or
 * util-linux {@code unshare}) for the sandbox. Run with
 * {@code mvn -q -pl silas-examples exec:java -Dexec.mainClass=io.silas.examples.DirectShellWorkItemExample}.
 */
public final class DirectShellWorkItemExample {
    /** The plan: YAML front matter + the body, which for a direct item is the command itself. */
    static final String PLAN = """
            ---
            id: greeting
            type: task
            title: Write a greeting file
            executor: shell
            verify:
              - name: greeting_exists
                run: "true"
                expect:
                  file_exists: greeting.txt
              - name: greeting_content
                run: cat /artifacts/greeting.txt
                expect:
                  contains: Hello from the sandbox
            ---
            sh -c 'echo "Hello from the sandbox" > greeting.txt'
            """;

    private DirectShellWorkItemExample() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("silas-example-");
        WorkItemResult result = run(dataDir, System.out);
        System.exit(result.status() == io.silas.core.work.WorkItemStatus.DONE ? 0 : 1);
    }

    /** Runs the example in {@code dataDir} and prints a short transcript. */
    static WorkItemResult run(Path dataDir, PrintStream out) throws IOException {
        Files.createDirectories(dataDir);
        // Owner-only: verification reads its own copy of the artifacts, never through the data dir.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        Clock clock = Clock.systemUTC();
        try (SqliteStores stores = SqliteStores.open(dataDir.resolve("silas.db"), clock)) {
            SigningKeys keys = SigningKeys.generate();
            ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(keys).nonceStore(stores.nonceStore())
                    .audit(stores.auditLog()).clock(clock).build();
            SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults());
            WorkItemExecutor executor = WorkExecution.builder()
                    .approvals(approvals).store(stores.workItemStore()).audit(stores.auditLog())
                    .executors(ExecutorRegistry.defaults(sandboxes))
                    .verification(Verification.runner(sandboxes))
                    .gates(Gates.runner().audit(stores.auditLog()).provider(Gates.predicate()).build())
                    .artifactsDir(dataDir.resolve("artifacts"))
                    .listener(e -> out.println("  progress: " + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                            + " (" + e.workItemId() + (e.detail().isEmpty() ? "" : ": " + e.detail()) + ")"))
                    .clock(clock)
                    .build();

            WorkItem plan = PlanParser.parse(PLAN).withCreatedAt(clock.instant());
            out.println("plan: " + plan.id() + " \"" + plan.title() + "\" executor="
                    + plan.executor().name().toLowerCase(java.util.Locale.ROOT) + ", " + plan.verify().size() + " checks");
            out.println("owner key fingerprint: " + keys.fingerprint());

            ApprovalToken token = approvals.issue(plan, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
            ApprovalCheck verified = approvals.verify(token, plan, null);
            WorkItem approved = plan.withApprovalToken(verified.orThrow()).withNeedsApproval(false);
            stores.workItemStore().save(approved);
            out.println("approved: token " + token.tokenId() + " (" + verified.reason().wire() + ")");

            WorkItemResult result = executor.execute(approved);
            out.println("result: " + result.status().name().toLowerCase(java.util.Locale.ROOT) + " - "
                    + result.summary());
            for (VerificationResult check : result.verificationResults()) {
                out.println("  check " + check.name() + ": " + (check.passed() ? "passed" : "FAILED") + " ("
                        + check.reason() + ")");
            }
            result.artifacts().forEach((name, content) -> out.println("  artifact " + name + ": " + content.strip()));
            out.println("audit entries: " + stores.auditLog().size() + ", chain valid: "
                    + stores.auditLog().verifyChain().valid());
            return result;
        }
    }
}
