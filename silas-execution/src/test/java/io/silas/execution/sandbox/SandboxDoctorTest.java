package io.silas.execution.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The doctor and fail-closed rules: {@link Sandboxes#diagnose()} reports every guarantee from real probes; a
 * missing one stops {@code create} with an error naming the guarantee, what was probed and the remedy; a host can
 * accept only a missing limit, by name, and every run without it is audited.
 */
class SandboxDoctorTest {
    private final Path base = SandboxFixture.newBaseDir();

    @AfterEach
    void tearDown() {
        SandboxFixture.deleteTree(base.getParent());
    }

    @Test
    void diagnose_everyGuaranteeHeldOnThisHost_andSaysHow() {
        SandboxDiagnosis report = Sandboxes.diagnose(SubprocessSandboxOptions.defaults().withBaseDir(base));

        assertThat(report.missing()).as(report.table()).isEmpty();
        assertThat(report.ready()).isTrue();
        assertThat(report.checks()).extracting(SandboxDiagnosis.Check::guarantee)
                .containsExactly(SandboxGuarantee.values());
        assertThat(report.checks()).allSatisfy(c -> assertThat(c.enforcedBy()).isNotBlank());
        assertThat(report.table()).contains("pid_limit").contains("verdict: every guarantee held");
    }

    @Test
    void missingBubblewrap_nothingRuns_errorNamesGuaranteeProbeAndRemedy() {
        SubprocessSandboxOptions broken = SubprocessSandboxOptions.defaults().withBaseDir(base)
                .withBwrapPath(Path.of("/nonexistent/bwrap"));

        SandboxDiagnosis report = Sandboxes.diagnose(broken);
        assertThat(report.ready()).isFalse();
        assertThat(report.check(SandboxGuarantee.NAMESPACES).held()).isFalse();
        assertThat(report.check(SandboxGuarantee.NAMESPACES).remedy()).contains("install bubblewrap");
        assertThat(report.table()).contains("MISSING").contains("NOTHING RUNS");

        assertThatThrownBy(() -> Sandboxes.subprocess(broken).create(SandboxConfig.defaults()))
                .isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("the namespaces guarantee").contains("probed:")
                            .contains("/nonexistent/bwrap").contains("remedy: install bubblewrap");
                    assertThat(e.getMessage().split("Sandbox isolation is unavailable", -1)).hasSize(2);
                });
    }

    @Test
    void acceptMissing_takesOnlyLimitsByName() {
        SubprocessSandboxOptions d = SubprocessSandboxOptions.defaults();

        assertThat(d.withAcceptMissingNames(List.of("pid_limit", "disk_limit")).acceptMissing())
                .containsExactlyInAnyOrder(SandboxGuarantee.PID_LIMIT, SandboxGuarantee.DISK_LIMIT);
        for (String never : List.of("namespaces", "network", "filesystem", "uid_separation", "no_privileges",
                "run_bounds", "pids")) {
            assertThatThrownBy(() -> d.withAcceptMissingNames(List.of(never))).as(never)
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
        assertThatThrownBy(() -> d.withAcceptMissing(Set.of(SandboxGuarantee.NETWORK)))
                .isInstanceOf(SilasException.class);
    }

    /** Root: with no way to mount the work dir's tmpfs, disk_limit is missing; accepted, each run is audited. */
    @Test
    void missingDiskLimit_refusedUnlessAccepted_thenEveryRunAudited() throws Exception {
        assumeThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("the host mount is the root path")
                .isEqualTo(0);
        SubprocessSandboxOptions d = SubprocessSandboxOptions.defaults().withBaseDir(base);
        SubprocessSandboxOptions noMount = new SubprocessSandboxOptions(d.bwrapPath(), d.prlimitPath(),
                d.setprivPath(), d.shPath(), d.baseDir(), d.sandboxUidBase(), d.sandboxUidCount(), d.useCgroups(),
                d.maxFileSizeBytes(), d.maxOpenFiles(), d.perlPath(), Path.of("/nonexistent/mount"), d.network(),
                Set.of());

        assertThatThrownBy(() -> Sandboxes.subprocess(noMount).create(SandboxConfig.defaults()))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.getMessage())
                        .contains("the disk_limit guarantee").contains("probed:").contains("remedy:"));

        AuditLog audit = AuditLog.inMemory(java.time.Clock.systemUTC());
        SandboxManager accepting = Sandboxes.subprocess(noMount.withAcceptMissing(Set.of(SandboxGuarantee.DISK_LIMIT)),
                audit);
        try (Sandbox sandbox = accepting.create(SandboxConfig.defaults().withTimeout(Duration.ofSeconds(30)))) {
            for (int i = 0; i < 2; i++) {
                ProcessResult r = sandbox.run(List.of("sh", "-c", "echo hi > note; cat note"), Duration.ofSeconds(30));
                assertThat(r.stdout()).as(r.reason() + r.stderr()).isEqualTo("hi\n");
            }
        }
        List<AuditEntry> weakened = audit.read(1, 100).stream()
                .filter(e -> e.event().equals("sandbox_weakened_run")).toList();
        assertThat(weakened).hasSize(2).allSatisfy(e -> assertThat(e.data().path("missing").toString())
                .isEqualTo("[\"disk_limit\"]"));
    }
}
