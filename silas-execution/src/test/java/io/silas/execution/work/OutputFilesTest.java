package io.silas.execution.work;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.execution.ExecutionEnvelope;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.execution.SandboxManager;
import io.silas.core.json.Json;
import io.silas.execution.sandbox.SandboxFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Files a sandboxed run leaves behind become its artifacts, and nothing outside the work dir leaks in. */
class OutputFilesTest {
    private static Path base;
    private static ExecutorRegistry registry;

    @BeforeAll
    static void setUp() {
        base = SandboxFixture.newBaseDir();
        SandboxManager manager = SandboxFixture.manager(base);
        registry = ExecutorRegistry.defaults(manager);
    }

    @AfterAll
    static void tearDown() {
        SandboxFixture.deleteTree(base.getParent());
    }

    private static ExecutionResult shell(String script, Map<String, String> inputs) {
        JsonNode args = Json.mapper().createObjectNode().set("command",
                Json.mapper().createArrayNode().add("sh").add("-c").add(script));
        return registry.execute(ExecutionEnvelope.of("exec-1", "shell_exec", args).withTimeoutSeconds(20)
                .withInputArtifacts(inputs));
    }

    @Test
    void newAndChangedFiles_returnedAsArtifacts_unchangedInputsNot() {
        ExecutionResult r = shell("mkdir -p sub && echo one > sub/a.txt && rm -f edited.txt && echo changed > edited.txt",
                Map.of("edited.txt", "original\n", "kept.txt", "same\n"));

        assertThat(r.success()).as(r.error() + " " + r.content()).isTrue();
        assertThat(r.artifacts()).containsOnly(Map.entry("sub/a.txt", "one\n"), Map.entry("edited.txt", "changed\n"));
    }

    @Test
    void symlinkToHostFile_neverFollowed() {
        ExecutionResult r = shell("ln -s /etc/passwd leak && ln -s /etc leakdir && echo ok > real.txt", Map.of());

        assertThat(r.artifacts()).containsOnlyKeys("real.txt");
        assertThat(r.artifacts().values()).noneMatch(v -> v.contains("root:"));
    }

    @Test
    void binaryFile_skippedAndCounted() {
        ExecutionResult r = shell("printf '\\377\\376\\000' > blob.bin && echo text > t.txt", Map.of());

        assertThat(r.artifacts()).containsOnlyKeys("t.txt");
        assertThat(r.metadata()).containsEntry("artifacts_skipped", 1);
    }

    @Test
    void inlinePythonScript_notAnArtifact() {
        JsonNode args = Json.mapper().createObjectNode().put("script", "open('o.txt','w').write('py')");
        ExecutionResult r = registry.execute(ExecutionEnvelope.of("exec-2", "python_exec", args).withTimeoutSeconds(20));

        assertThat(r.artifacts()).containsOnly(Map.entry("o.txt", "py"));
    }
}
