package io.silas.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilasConfigLoadTest {
    private static final Function<String, String> NO_ENV = name -> null;

    static SilasException invalid(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> SilasConfig.parse(yaml, NO_ENV));
        assertThat(t).isInstanceOf(SilasException.class);
        SilasException e = (SilasException) t;
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        return e;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(SilasConfigLoadTest.class.getResource(name)).toURI());
    }

    @Test
    void load_fullExample_readsEverySection() throws Exception {
        Map<String, String> env = Map.of("SEARCH_KEY_REF", "tavily-key", "SILAS_HOME", "/srv/silas");
        SilasConfig c = SilasConfig.load(resource("silas-full.yaml"), env::get);

        assertThat(c.ownerId()).isEqualTo("alice");
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/silas/data"));
        assertThat(c.scopeMode()).isEqualTo(SilasConfig.ScopeMode.SINGLE_USER);
        assertThat(c.scopeIdFor("conn-1")).isEqualTo("alice");
        assertThat(c.activeGoal()).isEqualTo(Path.of("goals/inbox.md"));
        assertThat(c.skillsDir()).isEqualTo(Path.of("/opt/silas/skills"));
        assertThat(c.search()).isEqualTo(new SilasConfig.Search("tavily", "tavily-key", 6, 3, 200,
                List.of("example.com", "docs.example.org")));
        assertThat(c.context().defaultProfile()).isEqualTo("focus");
        assertThat(c.context().profiles()).containsOnlyKeys("focus", "support");
        assertThat(c.context().profiles().get("focus")).isEqualTo(new SilasConfig.Context.Profile(0.30, 0.20, 0.30));
        assertThat(c.context().totalTokens()).isEqualTo(120_000);
        assertThat(c.context().observationMaskAfterTurns()).isEqualTo(4);
        assertThat(c.rehydration().maxChronicleEntries()).isEqualTo(40);
        assertThat(c.interaction().defaultModeByRegister()).containsEntry("execution", "confirm_only_when_required");
        assertThat(c.interaction().requireConfirmationOnMaterialAmbiguity()).isFalse();
        assertThat(c.suggestions().heartbeatCron()).isEqualTo("*/10 8-20 * * MON-FRI");
        assertThat(c.suggestions().cooldownMinutes()).isEqualTo(90);
        assertThat(c.channels().web()).isEqualTo(new SilasConfig.Channels.Web(true, "0.0.0.0", 9000, "web-token"));
        assertThat(c.limits().maxGateEvalsPerTurn()).isEqualTo(24);
        assertThat(c.limits().messagesPerMinuteTotal()).isEqualTo(400);
        assertThat(c.limits().cardSubmissionsPerMinutePerScope()).isEqualTo(12);
        assertThat(c.backpressure().shutdownGrace()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.sandbox().maxOutputBytes()).isEqualTo(50_000);
        assertThat(c.sandbox().customerContextDir()).isEqualTo(Path.of("/srv/silas/data/customer_context"));
        assertThat(c.verification().projectDirs()).containsExactly(Path.of("/srv/project"));
        assertThat(c.approval()).isEqualTo(new SilasConfig.Approval(20, 2));
        assertThat(c.nonceStore()).isEqualTo(new SilasConfig.NonceStore(35, 5));
        assertThat(c.messageTrust().freshnessWindowMinutes()).isEqualTo(3);
        assertThat(c.connections()).isEqualTo(new SilasConfig.Connections("0 * * * *", false, 2, 15));
        assertThat(c.batchReview()).isEqualTo(new SilasConfig.BatchReview(12,
                new SilasConfig.BatchReview.Confidence(0.90, 0.60)));
        assertThat(c.autonomy()).isEqualTo(new SilasConfig.Autonomy(false, 20, 40, 7, 0.04, 0.25, 0.03, 80, 40, 0.75));
        assertThat(c.gates().system()).hasSize(2);
        assertThat(c.gates().system().get(0)).containsEntry("name", "input_guard").containsEntry("on",
                "every_user_message");
        assertThat(c.gates().system().get(1)).containsEntry("on_block", null)
                .containsEntry("config", Map.of("command", List.of("./check.sh"), "max", 3));
        assertThat(c.gates().llmDefaults()).isEqualTo(new SilasConfig.Gates.LlmDefaults("small-judge", 0.2, 5, 128));
        assertThat(c.gates().scriptDefaults().timeoutSeconds()).isEqualTo(20);
        assertThat(c.scheduler().timezone()).isEqualTo("UTC");
        assertThat(c.skills().validation().descriptionMinChars()).isEqualTo(30);
        assertThat(c.skills().imports().allowExternal()).isFalse();
        assertThat(c.skills().imports().allowedSources()).containsExactly("local_path");
    }

    @Test
    void load_fullExample_gateDefinitionsAreImmutable() throws Exception {
        SilasConfig c = SilasConfig.load(resource("silas-full.yaml"), Map.of("SEARCH_KEY_REF", "k")::get);
        Map<String, Object> gate = c.gates().system().get(1);
        assertThatThrownBy(() -> gate.put("name", "other")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) gate.get("config");
        assertThatThrownBy(() -> nested.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parse_partialFile_keepsDefaultsForEverythingElse() {
        SilasConfig c = SilasConfig.parse("""
                approval:
                  default_ttl_minutes: 15
                sandbox:
                  max_output_bytes: 2048
                """, NO_ENV);
        SilasConfig d = SilasConfig.defaults();
        assertThat(c.approval().defaultTtlMinutes()).isEqualTo(15);
        assertThat(c.approval().maxExecutions()).isEqualTo(1);
        assertThat(c.sandbox().maxOutputBytes()).isEqualTo(2048);
        assertThat(c.sandbox().defaultMemoryMb()).isEqualTo(512);
        assertThat(c.search()).isEqualTo(d.search());
        assertThat(c.context()).isEqualTo(d.context());
        assertThat(c.nonceStore()).isEqualTo(d.nonceStore());
    }

    @Test
    void parse_rootOrSilasWrapper_sameResult() {
        SilasConfig flat = SilasConfig.parse("limits:\n  max_gate_evals_per_turn: 7\n", NO_ENV);
        SilasConfig wrapped = SilasConfig.parse("silas:\n  limits:\n    max_gate_evals_per_turn: 7\n", NO_ENV);
        assertThat(flat).isEqualTo(wrapped);
        assertThat(flat.limits().maxGateEvalsPerTurn()).isEqualTo(7);
    }

    @Test
    void parse_emptySectionOrNullValueForNullable_takesDefaultOrNull() {
        SilasConfig c = SilasConfig.parse("""
                search:
                active_goal: null
                verification:
                  project_dirs:
                """, NO_ENV);
        assertThat(c.search()).isEqualTo(SilasConfig.Search.defaults());
        assertThat(c.activeGoal()).isNull();
        assertThat(c.verification().projectDirs()).isEmpty();
    }

    @Test
    void parse_enumsAndNumbersFromStrings_coerced() {
        SilasConfig c = SilasConfig.parse("""
                scope_mode: SINGLE_USER
                sandbox: { backend: Docker, default_memory_mb: "128" }
                gates: { llm_defaults: { temperature: "0.5" } }
                suggestions: { enabled: "false" }
                """, NO_ENV);
        assertThat(c.scopeMode()).isEqualTo(SilasConfig.ScopeMode.SINGLE_USER);
        assertThat(c.sandbox().backend()).isEqualTo(SilasConfig.SandboxBackend.DOCKER);
        assertThat(c.sandbox().defaultMemoryMb()).isEqualTo(128);
        assertThat(c.gates().llmDefaults().temperature()).isEqualTo(0.5);
        assertThat(c.suggestions().enabled()).isFalse();
    }

    @Test
    void load_missingFile_configInvalidNamingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> SilasConfig.load(missing, NO_ENV))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("nope.yaml").hasMessageContaining("does not exist");
    }

    @Test
    void load_realFile_readsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("silas.yaml");
        Files.writeString(file, "owner_id: bob\n");
        assertThat(SilasConfig.load(file, NO_ENV).ownerId()).isEqualTo("bob");
    }

    @Test
    void parse_malformedYaml_namesLine() {
        SilasException e = invalid("""
                approval:
                  default_ttl_minutes: 30
                 max_executions: [1
                """);
        assertThat(e).hasMessageContaining("malformed YAML at line 3");
    }

    @Test
    void parse_malformedYaml_doesNotQuoteContent() {
        SilasException e = invalid("search:\n  api_key_ref: \"s3cr3t-literal\n  provider: x\n: :\n");
        assertThat(e).hasMessageContaining("malformed YAML at line").hasMessageNotContaining("s3cr3t-literal");
    }

    @Test
    void parse_duplicateKey_rejectedNamingLine() {
        SilasException e = invalid("""
                channels:
                  web:
                    host: 127.0.0.1
                    host: 0.0.0.0
                """);
        assertThat(e).hasMessageContaining("line 4").hasMessageContaining("duplicate key 'host'");
    }

    @Test
    void parse_twoDocuments_rejected() {
        assertThat(invalid("owner_id: a\n---\nowner_id: b\n")).hasMessageContaining("single YAML document");
    }

    @Test
    void parse_nonMappingRoot_rejected() {
        assertThat(invalid("- a\n- b\n")).hasMessageContaining("expected a mapping");
        assertThat(invalid("silas: 5\n")).hasMessageContaining("silas: expected a mapping");
    }

    @Test
    void parse_unknownTopLevelKey_rejectedWithHint() {
        assertThat(invalid("aproval:\n  default_ttl_minutes: 10\n"))
                .hasMessageContaining("aproval: unknown key (did you mean 'approval'?)");
    }

    @Test
    void parse_unknownNestedKey_rejected() {
        assertThat(invalid("channels:\n  web:\n    auth_tokn_ref: t\n"))
                .hasMessageContaining("channels.web.auth_tokn_ref: unknown key (did you mean 'auth_token_ref'?)");
        assertThat(invalid("approval:\n  max_exectuions: 5\n"))
                .hasMessageContaining("approval.max_exectuions: unknown key (did you mean 'max_executions'?)");
    }

    @Test
    void parse_keyOutsideSilasRoot_rejected() {
        assertThat(invalid("silas:\n  owner_id: a\nlimits:\n  max_gate_evals_per_turn: 1\n"))
                .hasMessageContaining("limits: unknown key: in a file with a 'silas:' root");
    }

    @Test
    void parse_specSectionsNotInterpreted_rejectedWithExplanation() {
        SilasException e = invalid("""
                silas:
                  models: { proxy: "x" }
                  personality: { scope_mode: single_user }
                  channels: { telegram: { enabled: false } }
                  approval: { auto_approve_risk_levels: [low] }
                """);
        assertThat(e.getMessage())
                .contains("silas.models: unknown key: section of the Silas spec that Silas for Java does not interpret")
                .contains("silas.personality.scope_mode: unknown key: only personality.constitution is interpreted")
                .contains("silas.channels.telegram: unknown key: not provided by Silas for Java")
                .contains("silas.approval.auto_approve_risk_levels: unknown key: not supported");
    }

    @Test
    void parse_secretValueKeys_rejectedPointingToRefs() {
        SilasException e = invalid("""
                search: { provider: tavily, api_key: "tvly-123" }
                channels: { web: { auth_token: "abc" } }
                """);
        assertThat(e.getMessage())
                .contains("search.api_key: unknown key: secrets are never configuration values")
                .contains("api_key_ref")
                .contains("channels.web.auth_token: unknown key: secrets are never configuration values")
                .doesNotContain("tvly-123").doesNotContain("abc\"");
    }

    @Test
    void parse_wrongTypes_eachReportedWithoutValue() {
        SilasException e = invalid("""
                approval: { default_ttl_minutes: "thirty-secret", max_executions: 1.5 }
                sandbox: { backend: firecracker, max_output_bytes: [1] }
                scheduler: { enabled: maybe }
                context: { eviction_threshold_pct: high }
                search: { allowed_domains: example.com }
                rehydration: 7
                owner_id: { name: x }
                """);
        assertThat(e.getMessage())
                .contains("approval.default_ttl_minutes: expected an integer")
                .contains("approval.max_executions: expected an integer")
                .contains("sandbox.backend: expected one of [subprocess, docker]")
                .contains("sandbox.max_output_bytes: expected a single value, not a list")
                .contains("scheduler.enabled: expected true or false")
                .contains("context.eviction_threshold_pct: expected a number")
                .contains("search.allowed_domains: expected a list")
                .contains("rehydration: expected a mapping")
                .contains("owner_id: expected a single value, not a mapping")
                .doesNotContain("thirty-secret").doesNotContain("firecracker").doesNotContain("maybe");
        assertThat(e.getSuppressed()).hasSize(9);
    }

    @Test
    void parse_nullForRequiredScalar_rejected() {
        assertThat(invalid("owner_id: null\n")).hasMessageContaining("owner_id: must not be null");
    }

    @Test
    void parse_customProfileMissingField_required() {
        assertThat(invalid("""
                context:
                  default_profile: lean
                  profiles:
                    lean: { chronicle_pct: 0.3, memory_pct: 0.2 }
                """)).hasMessageContaining("context.profiles.lean.workspace_pct: required");
    }
}
