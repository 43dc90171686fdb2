package io.silas.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.work.VerificationResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationReportTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final VerificationResult PASS = new VerificationResult("tests", true, "exit code 0", "ok", 0);
    private static final VerificationResult FAIL = new VerificationResult("lint", false, "exit code 1, expected 0", "", 1);

    @Test
    void of_derivesAllPassedAndFailed() {
        VerificationReport mixed = VerificationReport.of(List.of(PASS, FAIL), AT);
        assertThat(mixed.allPassed()).isFalse();
        assertThat(mixed.failed()).containsExactly(FAIL);
        assertThat(mixed.failedNames()).containsExactly("lint");

        VerificationReport green = VerificationReport.of(List.of(PASS), AT);
        assertThat(green.allPassed()).isTrue();
        assertThat(green.failed()).isEmpty();
    }

    @Test
    void of_noResults_neverPassed() {
        VerificationReport empty = VerificationReport.of(List.of(), AT);
        assertThat(empty.allPassed()).isFalse();
        assertThatThrownBy(() -> new VerificationReport(true, List.of(), List.of(), AT))
                .isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void constructor_inconsistentFields_invalidInput() {
        assertThatThrownBy(() -> new VerificationReport(true, List.of(PASS, FAIL), List.of(FAIL), AT))
                .isInstanceOf(SilasException.class).hasMessageContaining("all_passed");
        assertThatThrownBy(() -> new VerificationReport(false, List.of(PASS, FAIL), List.of(), AT))
                .isInstanceOf(SilasException.class).hasMessageContaining("failed");
        assertThatThrownBy(() -> new VerificationReport(false, List.of(FAIL), List.of(FAIL), null))
                .isInstanceOf(SilasException.class);
        assertThatThrownBy(() -> VerificationReport.of(Arrays.asList(PASS, null), AT))
                .isInstanceOf(SilasException.class);
    }

    @Test
    void json_specFieldNames_roundTrip() {
        VerificationReport report = VerificationReport.of(List.of(PASS, FAIL), AT);
        JsonNode tree = Json.tree(report);
        assertThat(tree.fieldNames()).toIterable().containsExactlyInAnyOrder("all_passed", "results", "failed", "timestamp");
        assertThat(tree.get("failed").get(0).get("exit_code").asInt()).isEqualTo(1);
        assertThat(Json.read(Json.write(report), VerificationReport.class)).isEqualTo(report);
    }

    @Test
    void sandboxConfig_artifactsDir_absoluteOnly_keptByWithers() {
        SandboxConfig config = SandboxConfig.defaults().withArtifactsDir(Path.of("/srv/verify"));
        assertThat(config.withNetworkAccess(true).withTimeout(java.time.Duration.ofSeconds(5)).withMaxDisk(8, 100)
                .artifactsDir()).isEqualTo(Path.of("/srv/verify"));
        assertThat(SandboxConfig.defaults().artifactsDir()).isNull();
        assertThatThrownBy(() -> SandboxConfig.defaults().withArtifactsDir(Path.of("relative")))
                .isInstanceOf(SilasException.class).hasMessageContaining("artifacts_dir");
    }

    @Test
    void sandboxConfig_diskLimits_positive_keptByWithers() {
        SandboxConfig config = SandboxConfig.defaults().withMaxDisk(8, 100);
        assertThat(config.withArtifactsDir(Path.of("/a")).withEnv(java.util.Map.of("A", "b")).maxDiskMb()).isEqualTo(8);
        assertThat(config.withMaxMemoryMb(16).maxDiskFiles()).isEqualTo(100);
        assertThat(SandboxConfig.defaults().maxDiskMb()).isEqualTo(SandboxConfig.DEFAULT_MAX_DISK_MB);
        assertThatThrownBy(() -> SandboxConfig.defaults().withMaxDisk(0, 100))
                .isInstanceOf(SilasException.class).hasMessageContaining("max_disk_mb");
        assertThatThrownBy(() -> SandboxConfig.defaults().withMaxDisk(1, 0))
                .isInstanceOf(SilasException.class).hasMessageContaining("max_disk_files");
    }
}
