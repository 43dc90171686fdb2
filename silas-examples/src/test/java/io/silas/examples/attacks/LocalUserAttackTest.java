package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.gate.Expectation;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.DirectExecutor;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.examples.attacks.AttackHost.Outcome;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user — a real unprivileged uid ({@value AttackHost#OTHER_UID}, through {@code setpriv}) — against
 * docs/threat-model.md#promise-6 and the sandbox: it cannot read artifacts or the artifacts dir, read a sandbox's work
 * dir, or block or hijack sandboxes by creating their base dir first. The test's own directory is left traversable by
 * others, as a shared location would be, so only Silas's own modes stand in the way.
 */
class LocalUserAttackTest {
    private static final Instant START = Instant.parse("2026-02-01T10:00:00Z");

    @TempDir
    Path tmp;

    @BeforeEach
    void requireRoot() throws IOException {
        assumeThat(AttackHost.isRoot()).as("switching to another uid needs root").isTrue();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Regression: artifacts were 0644 in 0755 dirs; another user read them. */
    @Test
    void artifactsOfADoneItem_unreadableAndUnlistableByAnotherUser() throws Exception {
        Path artifacts = tmp.resolve("artifacts");
        WorkItemResult result = runItem(artifacts);
        assertThat(result.status()).as(result.verificationResults().toString()).isEqualTo(WorkItemStatus.DONE);
        Path file;
        try (Stream<Path> files = Files.walk(artifacts)) {
            file = files.filter(p -> p.getFileName().toString().equals("secret-report.txt")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(file)).isEqualTo("quarterly numbers\n");

        Outcome read = AttackHost.asOtherUser("cat", file.toString());
        Outcome list = AttackHost.asOtherUser("ls", artifacts.toString(), file.getParent().toString());

        assertThat(read.exitCode()).isNotZero();
        assertThat(read.output()).doesNotContain("quarterly");
        assertThat(list.exitCode()).isNotZero();
        assertThat(list.output()).doesNotContain("secret-report");
        assertThat(mode(artifacts)).isEqualTo("rwx------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    /** What a payload leaves in its work dir is not readable by another user while the sandbox is open. */
    @Test
    void sandboxWorkDir_unreadableByAnotherUser() throws Exception {
        SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults());
        try (Sandbox sandbox = sandboxes.create(SandboxConfig.defaults())) {
            ProcessResult r = sandbox.run(List.of("sh", "-c", "echo s3cret > secret.txt"), Duration.ofSeconds(30));
            assertThat(r.succeeded()).as(r.reason()).isTrue();
            Path secret = sandbox.workDir().resolve("secret.txt");

            Outcome read = AttackHost.asOtherUser("cat", secret.toString());
            Outcome list = AttackHost.asOtherUser("ls", sandbox.workDir().toString(),
                    sandbox.workDir().getParent().getParent().toString());

            assertThat(read.exitCode()).isNotZero();
            assertThat(read.output()).doesNotContain("s3cret");
            assertThat(list.exitCode()).isNotZero();
            assertThat(list.output()).contains("Permission denied").doesNotContain("secret.txt");
        }
    }

    /**
     * Regression: another user who created the shared sandbox dir under /tmp first blocked every sandbox. Now a
     * base dir someone else created (or a symlink they planted) is refused without anything being written into
     * it, and the default base dir has an unpredictable name, so sandboxes keep working.
     */
    @Test
    void baseDirCreatedFirstByAnotherUser_neverUsed_defaultSandboxesStillWork() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared-tmp"));
        assertThat(new ProcessBuilder("chmod", "1777", shared.toString()).start().waitFor()).as("a sticky /tmp")
                .isZero();
        Path planted = shared.resolve("silas-sandboxes");
        Path decoy = shared.resolve("decoy");
        Outcome made = AttackHost.asOtherUser("sh", "-c", "mkdir -m 0777 \"$0\" && mkdir -m 0777 \"$1\" "
                + "&& ln -s \"$1\" \"$2\"", planted.toString(), decoy.toString(), shared.resolve("linked").toString());
        assertThat(made.exitCode()).as(made.output()).isZero();

        for (Path base : List.of(planted, shared.resolve("linked"))) {
            SandboxManager manager = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(base));
            assertThatThrownBy(() -> manager.create(SandboxConfig.defaults()))
                    .isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.SANDBOX_FAILURE))
                    .hasMessageContaining(base.toString());
        }
        try (Stream<Path> left = Stream.concat(Files.list(planted), Files.list(decoy))) {
            assertThat(left).as("nothing written into the other user's dirs").isEmpty();
        }

        SubprocessSandboxOptions defaults = SubprocessSandboxOptions.defaults();
        assertThat(defaults.baseDir()).isNotEqualTo(SubprocessSandboxOptions.defaults().baseDir());
        try (Sandbox sandbox = Sandboxes.subprocess(defaults).create(SandboxConfig.defaults())) {
            assertThat(sandbox.run(List.of("true"), Duration.ofSeconds(30)).succeeded()).isTrue();
            assertThat(mode(defaults.baseDir())).isEqualTo("rwx--x--x");
            assertThat(Files.getAttribute(defaults.baseDir(), "unix:uid")).isEqualTo(0);
        }
    }

    private WorkItemResult runItem(Path artifacts) {
        MutableClock clock = new MutableClock(START);
        try (SqliteStores stores = SqliteStores.open(tmp.resolve("silas.db"), clock)) {
            SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults());
            ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                    .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock).build();
            WorkItem item = WorkItem.builder("report", WorkItemType.TASK, "Write the report")
                    .executor(DirectExecutor.SHELL)
                    .body("sh -c 'mkdir -p out && echo quarterly numbers > out/secret-report.txt'")
                    .verify(List.of(VerificationCheck.of("report", "cat /artifacts/out/secret-report.txt",
                            Expectation.outputContains("quarterly"))))
                    .createdAt(START).build();
            var token = approvals.issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
            WorkItem approved = item.withApprovalToken(approvals.verify(token, item, null).orThrow());
            stores.workItemStore().save(approved);
            return WorkExecution.builder().approvals(approvals).store(stores.workItemStore()).audit(stores.auditLog())
                    .executors(ExecutorRegistry.defaults(sandboxes)).verification(Verification.runner(sandboxes))
                    .gates(Gates.runner().audit(stores.auditLog()).provider(Gates.predicate()).build())
                    .artifactsDir(artifacts).clock(clock).ids(IdGenerator.sequential("x"))
                    .approvalTimeout(Duration.ofSeconds(10))
                    .prompter((request, timeout) -> ApprovalDecision.declined())
                    .build().execute(approved);
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
