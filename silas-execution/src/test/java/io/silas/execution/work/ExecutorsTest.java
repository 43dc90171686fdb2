package io.silas.execution.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ExecutionEnvelope;
import io.silas.core.execution.ExecutionResult;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.execution.sandbox.SandboxFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** shell_exec, python_exec and the registry over a real sandbox. */
class ExecutorsTest {
    private static Path base;
    private static SandboxManager manager;
    private static ExecutorRegistry registry;

    @BeforeAll
    static void setUp() {
        base = SandboxFixture.newBaseDir();
        manager = SandboxFixture.manager(base);
        registry = ExecutorRegistry.defaults(manager);
    }

    @AfterAll
    static void tearDown() {
        SandboxFixture.deleteTree(base.getParent());
    }

    private static ExecutionEnvelope envelope(String action, String argsJson) {
        return ExecutionEnvelope.of("exec-1", action, Json.read(argsJson, JsonNode.class))
                .withTimeoutSeconds(20);
    }

    private static void assertInvalid(ExecutionEnvelope envelope, String field) {
        assertThatThrownBy(() -> registry.execute(envelope))
                .isInstanceOf(SilasException.class)
                .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageStartingWith(field);
    }

    @Nested
    class Shell {
        @Test
        void commandString_splitAndRun_outputModelFacingAndTainted() {
            ExecutionResult r = registry.execute(envelope("shell_exec", "{\"command\": \"echo 'hello world'; id\"}"));
            assertThat(r.success()).isTrue();
            assertThat(r.returnValue()).isEqualTo("hello world; id\n");
            assertThat(r.taint()).isEqualTo(TaintLevel.EXTERNAL);
            assertThat(r.error()).isNull();
            assertThat(r.content()).hasSize(1);
            assertThat(r.content().get(0).get("stream").asText()).isEqualTo("stdout");
            assertThat(r.metadata()).containsEntry("exit_code", 0).containsEntry("truncated", false)
                    .containsEntry("termination", "exited").containsKeys("duration_ms", "sandbox_id");
            assertThat(r.returnValue()).doesNotContain(r.metadata().get("sandbox_id").toString());
        }

        @Test
        void commandArray_runAsArgv_substitutionStaysLiteral() {
            ExecutionResult r = registry.execute(envelope("shell_exec", "{\"command\": [\"echo\", \"$(id)\", \"&&\", \"ls\"]}"));
            assertThat(r.returnValue()).isEqualTo("$(id) && ls\n");
        }

        @Test
        void failingCommand_resultNotSuccess_errorIsReason() {
            ExecutionResult r = registry.execute(envelope("shell_exec", "{\"command\": \"sh -c 'exit 4'\"}"));
            assertThat(r.success()).isFalse();
            assertThat(r.error()).isEqualTo("exited with code 4");
            assertThat(r.metadata()).containsEntry("exit_code", 4);
        }

        @Test
        void credentialRefs_reachProcessAsRefIdsOnly() {
            ExecutionResult r = registry.execute(envelope("shell_exec", "{\"command\": \"env\"}")
                    .withCredentialRefs(Map.of("outlook", "ref_abc123", "github_token", "ref_def456")));
            assertThat(r.returnValue().lines().filter(l -> l.startsWith("CREDENTIAL_REF_")).sorted().toList())
                    .containsExactly("CREDENTIAL_REF_GITHUB_TOKEN=ref_def456", "CREDENTIAL_REF_OUTLOOK=ref_abc123");
        }

        @Test
        void credentialRef_withSecretLookingValue_rejected() {
            assertThatThrownBy(() -> envelope("shell_exec", "{\"command\": \"env\"}")
                    .withCredentialRefs(Map.of("outlook", "s3cret value with spaces")))
                    .isInstanceOf(SilasException.class)
                    .hasMessageStartingWith("credential_refs");
        }

        @Test
        void stdinArg_isPiped() {
            ExecutionResult r = registry.execute(envelope("shell_exec", "{\"command\": \"cat\", \"stdin\": \"abc\"}"));
            assertThat(r.returnValue()).isEqualTo("abc");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"command\": \"\"}", "{\"command\": 5}", "{\"command\": [1]}",
                "{\"command\": \"echo 'open\"}"})
        void badCommand_invalidInput(String args) {
            assertInvalid(envelope("shell_exec", args), args.contains("open") ? "command" : "args.command");
        }

        @Test
        void inputArtifacts_placedInWorkDir() {
            ExecutionResult r = registry.execute(envelope("shell_exec", "{\"command\": \"cat data/in.txt\"}")
                    .withInputArtifacts(Map.of("data/in.txt", "from a previous step")));
            assertThat(r.returnValue()).isEqualTo("from a previous step");
        }

        @Test
        void inputArtifact_escapingWorkDir_rejected() {
            assertInvalid(envelope("shell_exec", "{\"command\": \"true\"}")
                    .withInputArtifacts(Map.of("../escape.txt", "x")), "input_artifacts");
        }

        @Test
        void timeout_resultCarriesTimeoutReason() {
            ExecutionResult r = registry.execute(envelope("shell_exec", "{\"command\": \"sleep 300\"}").withTimeoutSeconds(1));
            assertThat(r.success()).isFalse();
            assertThat(r.error()).startsWith("timed out after 1 s");
            assertThat(r.metadata()).containsEntry("termination", "timeout");
        }

        @Test
        void output_truncatedAtEnvelopeCap() {
            ExecutionResult r = registry.execute(envelope("shell_exec", "{\"command\": \"head -c 5000 /dev/zero\"}")
                    .withMaxOutputBytes(1000));
            assertThat(r.returnValue()).hasSize(1000);
            assertThat(r.metadata()).containsEntry("truncated", true);
        }

        @Test
        void networkOffByDefault_envelopeConfigCanAllowIt() {
            ExecutionEnvelope env = envelope("shell_exec", "{\"command\": \"cat /proc/net/dev\"}");
            assertThat(registry.execute(env).returnValue()).doesNotContain("eth0");
            assertThat(env.withSandboxConfig(SandboxConfig.defaults().withNetworkAccess(true)).effectiveSandboxConfig()
                    .networkAccess()).isTrue();
        }
    }

    @Nested
    class Python {
        @Test
        void inlineScript_runsWithArgs() {
            ExecutionResult r = registry.execute(envelope("python_exec",
                    "{\"script\": \"import sys\\nprint('args', sys.argv[1:])\", \"args\": [\"a b\", \"$(id)\"]}"));
            assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
            assertThat(r.returnValue()).isEqualTo("args ['a b', '$(id)']\n");
            assertThat(r.taint()).isEqualTo(TaintLevel.EXTERNAL);
        }

        @Test
        void scriptPath_insideWorkDir_runs() {
            ExecutionResult r = registry.execute(envelope("python_exec", "{\"script_path\": \"tools/hello.py\"}")
                    .withInputArtifacts(Map.of("tools/hello.py", "print('hello from artifact')")));
            assertThat(r.returnValue()).isEqualTo("hello from artifact\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"../x.py", "/etc/passwd", "a/../../x.py", "tools/../../x.py", ""})
        void scriptPath_escapes_rejected(String path) {
            ObjectNode args = Json.mapper().createObjectNode().put("script_path", path);
            assertInvalid(ExecutionEnvelope.of("exec-2", "python_exec", args), "args.script_path");
        }

        @Test
        void scriptPath_symlinkOutOfWorkDir_rejected(@TempDir Path workDir) throws IOException {
            Files.createSymbolicLink(workDir.resolve("link.py"), Path.of("/etc/hostname"));
            Files.createDirectory(workDir.resolve("sub"));
            Files.createSymbolicLink(workDir.resolve("sub/up"), workDir.getParent());
            for (String path : List.of("link.py", "sub/up/x.py", "missing.py")) {
                assertThatThrownBy(() -> PythonExecutor.checkPath(workDir, path))
                        .as(path)
                        .isInstanceOf(SilasException.class)
                        .hasMessageStartingWith("args.script_path");
            }
            Files.writeString(workDir.resolve("ok.py"), "print(1)");
            Files.createSymbolicLink(workDir.resolve("alias.py"), workDir.resolve("ok.py"));
            assertThat(PythonExecutor.checkPath(workDir, "alias.py")).isEqualTo("ok.py");
        }

        @Test
        void bothOrNeitherScript_rejected() {
            assertInvalid(envelope("python_exec", "{}"), "args");
            assertInvalid(envelope("python_exec", "{\"script\": \"1\", \"script_path\": \"a.py\"}"), "args");
        }
    }

    @Nested
    class Registry {
        @Test
        void defaults_registerShellAndPythonOnly() {
            assertThat(registry.actions()).containsExactly("python_exec", "shell_exec");
            assertThat(registry.find("web_search")).isEmpty();
        }

        @Test
        void unknownAction_clearError() {
            JsonNode args = Json.mapper().createObjectNode().put("query", "x");
            assertThatThrownBy(() -> registry.execute(ExecutionEnvelope.of("e", "web_search", args)))
                    .isInstanceOf(SilasException.class)
                    .hasMessage("action: no executor registered for 'web_search' (registered: python_exec, shell_exec)");
        }

        @Test
        void duplicateAction_rejected() {
            assertThatThrownBy(() -> ExecutorRegistry.of(List.of(new ShellExecutor(manager), new ShellExecutor(manager))))
                    .isInstanceOf(SilasException.class);
        }
    }
}
