package io.silas.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.connection.AuthStrategy;
import io.silas.core.connection.ConnectionFailure;
import io.silas.core.connection.ConnectionSkill;
import io.silas.core.connection.ScriptEvent;
import io.silas.core.connection.ScriptMessage;
import io.silas.core.connection.ScriptRun;
import io.silas.core.connection.SetupStep;
import io.silas.core.connection.SkillScript;
import io.silas.core.connection.SkillScripts;
import io.silas.core.error.SilasException;
import io.silas.execution.sandbox.SandboxFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkillScriptsTest {
    private static final Path BASE = SandboxFixture.newBaseDir();
    private static final List<ScriptMessage> START = List.of(new ScriptMessage.Start(AuthStrategy.DEVICE_CODE,
            List.of("mail.read"), List.of(), null));

    @TempDir
    Path tmp;

    private Path skillsDir;
    private SkillFixtures.CountingSandboxManager sandboxes;
    private SkillScripts scripts;

    @BeforeEach
    void setUp() throws Exception {
        skillsDir = Files.createDirectories(tmp.resolve("skills"));
        sandboxes = new SkillFixtures.CountingSandboxManager(SandboxFixture.manager(BASE));
        scripts = SkillScripts.create(skillsDir, sandboxes, Duration.ofSeconds(3));
    }

    @AfterAll
    static void cleanUp() {
        SandboxFixture.deleteTree(BASE.getParent());
    }

    private ConnectionSkill skillWithSetup(String body) {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(dir, "setup", body);
        return scripts.find("mail").orElseThrow();
    }

    private static void assertUnknownFailure(ScriptRun run) {
        assertThat(run.isFailed()).isTrue();
        assertThat(run.events()).isEmpty();
        assertThat(run.failure().failureType()).isEqualTo(ConnectionFailure.FailureType.UNKNOWN);
    }

    @Test
    void skills_listsValidSkillsOnly() {
        SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.skill(skillsDir, "notion", "secure_input");
        SkillFixtures.write(skillsDir.resolve("broken/SKILL.md"), "no front matter\n", false);
        SkillFixtures.write(skillsDir.resolve("other/SKILL.md"), "---\nname: other\ntype: tool\n"
                + "auth_strategy: device_code\n---\n", false);
        assertThat(scripts.skills()).extracting(ConnectionSkill::name).containsExactly("mail", "notion");
        ConnectionSkill mail = scripts.find("mail").orElseThrow();
        assertThat(mail.authStrategy()).isEqualTo(AuthStrategy.DEVICE_CODE);
        assertThat(mail.initialPermissions()).containsExactly("mail.read");
        assertThat(mail.availablePermissions()).containsExactly("mail.read", "mail.send");
    }

    @Test
    void find_pathTraversalOrSymlinkOutside_notFound() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        SkillFixtures.skill(outside, "evil", "device_code");
        Files.createSymbolicLink(skillsDir.resolve("linked"), outside.resolve("evil"));
        assertThat(scripts.find("../outside/evil")).isEmpty();
        assertThat(scripts.find("..")).isEmpty();
        assertThat(scripts.find("linked")).isEmpty();
        assertThat(scripts.skills()).isEmpty();
    }

    @Test
    void run_scriptSymlinkedOutsideSkill_notFoundNothingSpawned() throws Exception {
        Path dir = SkillFixtures.skill(skillsDir, "mail", "device_code");
        SkillFixtures.script(tmp.resolve("outside"), "setup", "echo '{\"type\":\"await_input\"}'");
        Files.createDirectories(dir.resolve("scripts"));
        Files.createSymbolicLink(dir.resolve("scripts/setup"), tmp.resolve("outside/scripts/setup"));
        ConnectionSkill skill = scripts.find("mail").orElseThrow();
        ScriptRun run = scripts.run(skill, SkillScript.SETUP, START, Map.of());
        assertUnknownFailure(run);
        assertThat(run.failure().message()).contains("not found");
        assertThat(scripts.run(skill, SkillScript.PROBE, START, Map.of()).failure().message()).contains("not found");
        assertThat(sandboxes.created.get()).isZero();
    }

    @Test
    void run_setupRound_parsesStepsInOrder() {
        ConnectionSkill skill = skillWithSetup("""
                cat >/dev/null
                echo '{"type":"log","level":"info","message":"starting"}'
                echo '{"type":"setup_step","step":{"type":"device_code","verification_url":"https://example.com/device","user_code":"ABCD-1234","expires_in":900,"poll_interval":5}}'
                echo '{"type":"await_input"}'
                echo 'diagnostics only' >&2""");
        ScriptRun run = scripts.run(skill, SkillScript.SETUP, START, Map.of());
        assertThat(run.isFailed()).isFalse();
        assertThat(run.events()).hasSize(3);
        assertThat(run.eventsOf(ScriptEvent.Step.class)).singleElement()
                .extracting(ScriptEvent.Step::step).isInstanceOf(SetupStep.DeviceCode.class);
        assertThat(run.events().get(2)).isInstanceOf(ScriptEvent.AwaitInput.class);
        assertThat(sandboxes.created.get()).isEqualTo(1);
    }

    @Test
    void run_receivesMessagesOnStdinAndOnlyCredentialRefsInEnv() {
        ConnectionSkill skill = skillWithSetup("""
                first=$(head -n 1)
                case "$first" in *'"type":"start"'*'"auth_strategy":"device_code"'*) ok=yes ;; *) ok=no ;; esac
                echo "{\\"type\\":\\"result\\",\\"result\\":{\\"start\\":\\"$ok\\",\\"ref\\":\\"$CREDENTIAL_REF_API\\",\\"host\\":\\"${JAVA_HOME:-}\\"}}\"""");
        ScriptRun run = scripts.run(skill, SkillScript.SETUP, START, Map.of("CREDENTIAL_REF_API", "secure-input/abc"));
        assertThat(run.isFailed()).as("%s", run.failure()).isFalse();
        var result = run.eventsOf(ScriptEvent.Result.class).get(0).result();
        assertThat(result.get("start").asText()).isEqualTo("yes");
        assertThat(result.get("ref").asText()).isEqualTo("secure-input/abc");
        assertThat(result.get("host").asText()).isEmpty();
    }

    @Test
    void run_nonCredentialEnv_rejectedNothingSpawned() {
        ConnectionSkill skill = skillWithSetup("true");
        assertThatThrownBy(() -> scripts.run(skill, SkillScript.SETUP, START, Map.of("API_KEY", "x")))
                .isInstanceOf(SilasException.class);
        assertThat(sandboxes.created.get()).isZero();
    }

    @Test
    void run_malformedLine_unknownFailure() {
        assertUnknownFailure(scripts.run(skillWithSetup("echo '{\"type\":\"setup_step\"'"), SkillScript.SETUP, START,
                Map.of()));
    }

    @Test
    void run_invalidStep_unknownFailure() {
        assertUnknownFailure(scripts.run(skillWithSetup(
                "echo '{\"type\":\"setup_step\",\"step\":{\"type\":\"device_code\",\"verification_url\":\"javascript:x\"}}'"),
                SkillScript.SETUP, START, Map.of()));
    }

    @Test
    void run_crash_unknownFailure() {
        assertUnknownFailure(scripts.run(skillWithSetup("echo '{\"type\":\"await_input\"}'\nkill -SEGV $$"),
                SkillScript.SETUP, START, Map.of()));
    }

    @Test
    void run_nonZeroExit_unknownFailure() {
        assertUnknownFailure(scripts.run(skillWithSetup("echo '{\"type\":\"await_input\"}'\nexit 3"),
                SkillScript.SETUP, START, Map.of()));
    }

    @Test
    void run_hang_timesOutAsUnknownFailure() {
        ScriptRun run = scripts.run(skillWithSetup("sleep 60"), SkillScript.SETUP, START, Map.of());
        assertUnknownFailure(run);
    }
}
