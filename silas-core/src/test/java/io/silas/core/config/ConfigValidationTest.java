package io.silas.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigValidationTest {

    private static SilasException invalid(String yaml) {
        SilasException e = catchThrowableOfType(SilasException.class, () -> SilasConfig.parse(yaml, name -> null));
        assertThat(e).as("expected CONFIG_INVALID for:%n%s", yaml).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        return e;
    }

    static Stream<Arguments> ruleViolations() {
        return Stream.of(
                arguments("owner_id: ' '", "owner_id: must not be blank"),
                // search
                arguments("search: { provider: ' ', api_key_ref: k }", "search.provider: must not be blank"),
                arguments("search: { provider: tavily }",
                        "search.api_key_ref: required when search.provider is set"),
                arguments("search: { provider: tavily, api_key_ref: '' }", "search.api_key_ref: must not be blank"),
                arguments("search: { timeout_seconds: 0 }", "search.timeout_seconds: must be greater than 0"),
                arguments("search: { max_results: 0 }", "search.max_results: must be greater than 0"),
                arguments("search: { max_query_chars: -1 }", "search.max_query_chars: must be greater than 0"),
                arguments("search: { allowed_domains: [ok.example, 'https://example.com'] }",
                        "search.allowed_domains[1]: must be a bare domain name"),
                // context
                arguments("context: { total_tokens: 0 }", "context.total_tokens: must be greater than 0"),
                arguments("context: { system_max: 0 }", "context.system_max: must be greater than 0"),
                arguments("context: { system_max: 180000 }", "context.system_max: must be less than context.total_tokens"),
                arguments("context: { skill_metadata_budget_pct: 0.11 }",
                        "context.skill_metadata_budget_pct: must be between 0.0 and 0.10"),
                arguments("context: { skill_metadata_budget_pct: -0.01 }",
                        "context.skill_metadata_budget_pct: must be between 0.0 and 0.10"),
                arguments("context: { eviction_threshold_pct: 0 }",
                        "context.eviction_threshold_pct: must be greater than 0.0 and at most 1.0"),
                arguments("context: { scorer_threshold_pct: 1.5 }",
                        "context.scorer_threshold_pct: must be greater than 0.0 and at most 1.0"),
                arguments("context: { eviction_threshold_pct: 0.95 }",
                        "context.eviction_threshold_pct: must not exceed context.scorer_threshold_pct"),
                arguments("context: { max_subscription_tokens: 0 }",
                        "context.max_subscription_tokens: must be greater than 0"),
                arguments("context: { subscription_ttl_turns: 0 }",
                        "context.subscription_ttl_turns: must be greater than 0"),
                arguments("context: { observation_mask_after_turns: -1 }",
                        "context.observation_mask_after_turns: must not be negative"),
                arguments("context: { profiles: {} }", "context.profiles: must define at least one profile"),
                arguments("context: { default_profile: missing }",
                        "context.default_profile: must name a profile defined in context.profiles"),
                arguments(profile("1.2, memory_pct: 0.0, workspace_pct: 0.0"),
                        "context.profiles.p.chronicle_pct: must be between 0.0 and 1.0"),
                arguments(profile("0.1, memory_pct: -0.1, workspace_pct: 0.0"),
                        "context.profiles.p.memory_pct: must be between 0.0 and 1.0"),
                arguments(profile("0.4, memory_pct: 0.3, workspace_pct: 0.11"),
                        "context.profiles.p: chronicle_pct + memory_pct + workspace_pct must not exceed 0.80"),
                arguments("rehydration: { max_chronicle_entries: 0 }",
                        "rehydration.max_chronicle_entries: must be greater than 0"),
                // interaction
                arguments("interaction: { high_initiative_min: 1.2 }",
                        "interaction.high_initiative_min: must be between 0.0 and 1.0"),
                arguments("interaction: { default_mode_by_register: { exploration: default_and_offer } }",
                        "interaction.default_mode_by_register: must define register 'execution'"),
                arguments(registers("chitchat: act_and_report"),
                        "interaction.default_mode_by_register.chitchat: unknown register"),
                arguments(registers("status: shout").replace("status: default_and_offer, ", ""),
                        "interaction.default_mode_by_register.status: unknown mode"),
                // suggestions + scheduler
                arguments("scheduler: { enabled: false }", "suggestions.enabled: requires scheduler.enabled"),
                arguments("suggestions: { heartbeat_cron: '*/15 * * *' }",
                        "suggestions.heartbeat_cron: not a valid 5-field cron expression"),
                arguments("suggestions: { cooldown_minutes: 0 }", "suggestions.cooldown_minutes: must be greater than 0"),
                arguments("suggestions: { max_pending_per_scope: 0 }",
                        "suggestions.max_pending_per_scope: must be greater than 0"),
                arguments("suggestions: { dedupe_window_minutes: 0 }",
                        "suggestions.dedupe_window_minutes: must be greater than 0"),
                arguments("scheduler: { timezone: Mars/Olympus }", "scheduler.timezone: not a valid time-zone id"),
                // web channel
                arguments("channels: { web: { host: '' } }", "channels.web.host: must not be blank"),
                arguments("channels: { web: { port: 70000 } }", "channels.web.port: must be between 0 and 65535"),
                arguments("channels: { web: { auth_token_ref: ' ' } }", "channels.web.auth_token_ref: must not be blank"),
                arguments("channels: { web: { host: 0.0.0.0 } }",
                        "channels.web.auth_token_ref: required when channels.web.host binds all interfaces"),
                arguments("channels: { web: { host: '::' } }",
                        "channels.web.auth_token_ref: required when channels.web.host binds all interfaces"),
                // limits + backpressure
                arguments("limits: { max_gate_evals_per_turn: 0 }",
                        "limits.max_gate_evals_per_turn: must be greater than 0"),
                arguments("limits: { max_memory_ops_per_turn: 0 }",
                        "limits.max_memory_ops_per_turn: must be greater than 0"),
                arguments("limits: { suggestions_per_hour_per_scope: -6 }",
                        "limits.suggestions_per_hour_per_scope: must be greater than 0"),
                arguments("limits: { card_submissions_per_minute_per_scope: 0 }",
                        "limits.card_submissions_per_minute_per_scope: must be greater than 0"),
                arguments("limits: { ws_messages_per_minute_per_scope: 601 }",
                        "limits.ws_messages_per_minute_per_scope: must not exceed limits.messages_per_minute_total"),
                arguments("turns: { agent_timeout_seconds: 0 }", "turns.agent_timeout_seconds: must be greater than 0"),
                arguments("turns: { processor_idle_seconds: -1 }",
                        "turns.processor_idle_seconds: must be greater than 0"),
                arguments("turns: { max_live_processors: 0 }", "turns.max_live_processors: must be greater than 0"),
                arguments("turns: { agent_retries: -1 }", "turns.agent_retries: must not be negative"),
                arguments("turns: { agent_backoff_millis: -1 }", "turns.agent_backoff_millis: must not be negative"),
                arguments("turns: { agent_deadline_seconds: 0 }",
                        "turns.agent_deadline_seconds: must be greater than 0"),
                arguments("backpressure: { max_pending_turns_per_scope: 0 }",
                        "backpressure.max_pending_turns_per_scope: must be greater than 0"),
                arguments("backpressure: { max_pending_turns_per_scope: 501 }",
                        "backpressure.max_pending_turns_per_scope: must not exceed backpressure.max_pending_turns_total"),
                arguments("backpressure: { shutdown_grace_seconds: -1 }",
                        "backpressure.shutdown_grace_seconds: must not be negative"),
                // sandbox + verification
                arguments("sandbox: { base_image: '' }", "sandbox.base_image: must not be blank"),
                arguments("sandbox: { default_memory_mb: 0 }", "sandbox.default_memory_mb: must be greater than 0"),
                arguments("sandbox: { default_cpu_seconds: 0 }", "sandbox.default_cpu_seconds: must be greater than 0"),
                arguments("sandbox: { max_output_bytes: 0 }", "sandbox.max_output_bytes: must be greater than 0"),
                arguments("verification: { timeout_seconds: 0 }", "verification.timeout_seconds: must be greater than 0"),
                arguments("verification: { max_output_chars: 0 }",
                        "verification.max_output_chars: must be greater than 0"),
                // approval, nonces, message trust
                arguments("approval: { default_ttl_minutes: 0 }", "approval.default_ttl_minutes: must be greater than 0"),
                arguments("approval: { max_executions: 0 }", "approval.max_executions: must be greater than 0"),
                arguments("approval: { default_ttl_minutes: 31 }",
                        "nonce_store.ttl_minutes: must be at least approval.default_ttl_minutes + 10"),
                arguments("nonce_store: { ttl_minutes: 0 }", "nonce_store.ttl_minutes: must be greater than 0"),
                arguments("nonce_store: { prune_interval_minutes: 0 }",
                        "nonce_store.prune_interval_minutes: must be greater than 0"),
                arguments("message_trust: { freshness_window_minutes: 0 }",
                        "message_trust.freshness_window_minutes: must be greater than 0"),
                arguments("message_trust: { freshness_window_minutes: 20 }",
                        "message_trust.freshness_window_minutes: must be less than half of nonce_store.ttl_minutes"),
                // connections
                arguments("connections: { health_check_default: '61 * * * *' }",
                        "connections.health_check_default: not a valid 5-field cron expression"),
                arguments("connections: { recovery_max_attempts: -1 }",
                        "connections.recovery_max_attempts: must not be negative"),
                arguments("connections: { refresh_ahead_minutes: 0 }",
                        "connections.refresh_ahead_minutes: must be greater than 0"),
                // autonomy + batch review
                arguments("autonomy: { min_samples: 0 }", "autonomy.min_samples: must be greater than 0"),
                arguments("autonomy: { window_actions: 0 }", "autonomy.window_actions: must be greater than 0"),
                arguments("autonomy: { window_days: 0 }", "autonomy.window_days: must be greater than 0"),
                arguments("autonomy: { min_samples: 51 }", "autonomy.min_samples: must not exceed autonomy.window_actions"),
                arguments("autonomy: { widen_correction_rate_max: -0.1 }",
                        "autonomy.widen_correction_rate_max: must be between 0.0 and 1.0"),
                arguments("autonomy: { tighten_correction_rate_min: 1.1 }",
                        "autonomy.tighten_correction_rate_min: must be between 0.0 and 1.0"),
                arguments("autonomy: { widen_correction_rate_max: 0.20 }",
                        "autonomy.widen_correction_rate_max: must be less than autonomy.tighten_correction_rate_min"),
                arguments("autonomy: { hysteresis_delta: 2 }", "autonomy.hysteresis_delta: must be between 0.0 and 1.0"),
                arguments("autonomy: { max_standing_executions: 0 }",
                        "autonomy.max_standing_executions: must be greater than 0"),
                arguments("autonomy: { max_batch_review_size: 0 }",
                        "autonomy.max_batch_review_size: must be greater than 0"),
                arguments("autonomy: { max_batch_review_size: 9 }",
                        "autonomy.max_batch_review_size: must be at least batch_review.default_size"),
                arguments("autonomy: { min_high_confidence: 1.01 }",
                        "autonomy.min_high_confidence: must be between 0.0 and 1.0"),
                arguments("batch_review: { default_size: 0 }", "batch_review.default_size: must be greater than 0"),
                arguments("batch_review: { confidence: { high_min: 1.2 } }",
                        "batch_review.confidence.high_min: must be between 0.0 and 1.0"),
                arguments("batch_review: { confidence: { medium_min: -1 } }",
                        "batch_review.confidence.medium_min: must be between 0.0 and 1.0"),
                arguments("batch_review: { confidence: { medium_min: 0.9 } }",
                        "batch_review.confidence.medium_min: must not exceed batch_review.confidence.high_min"),
                arguments("batch_review: { confidence: { high_min: 0.6, medium_min: 0.5 } }",
                        "batch_review.confidence.high_min: must be at least autonomy.min_high_confidence"),
                // gates
                arguments("gates: { system: [ { on: every_user_message } ] }",
                        "gates.system[0].name: required (a non-blank string)"),
                arguments("gates: { system: [ { name: a }, { name: b }, { name: a } ] }",
                        "gates.system[2].name: duplicates gates.system[0].name"),
                arguments("gates: { llm_defaults: { model: ' ' } }", "gates.llm_defaults.model: must not be blank"),
                arguments("gates: { llm_defaults: { temperature: 2.5 } }",
                        "gates.llm_defaults.temperature: must be between 0.0 and 2.0"),
                arguments("gates: { llm_defaults: { timeout_seconds: 0 } }",
                        "gates.llm_defaults.timeout_seconds: must be greater than 0"),
                arguments("gates: { llm_defaults: { max_tokens: 0 } }",
                        "gates.llm_defaults.max_tokens: must be greater than 0"),
                arguments("gates: { script_defaults: { timeout_seconds: 0 } }",
                        "gates.script_defaults.timeout_seconds: must be greater than 0"),
                // skills
                arguments("skills: { validation: { description_min_chars: 0 } }",
                        "skills.validation.description_min_chars: must be greater than 0"),
                arguments("skills: { validation: { description_max_chars: 0 } }",
                        "skills.validation.description_max_chars: must be greater than 0"),
                arguments("skills: { validation: { description_min_chars: 2000 } }",
                        "skills.validation.description_min_chars: must not exceed skills.validation.description_max_chars"),
                arguments("skills: { import: { require_transform_report: false } }",
                        "skills.import.require_transform_report: must be true when skills.import.allow_external is true"),
                arguments("skills: { import: { allowed_sources: [github, ''] } }",
                        "skills.import.allowed_sources[1]: must not be blank"));
    }

    private static String profile(String rest) {
        return "context: { default_profile: p, profiles: { p: { chronicle_pct: " + rest + " } } }";
    }

    private static String registers(String extra) {
        return "interaction: { default_mode_by_register: { exploration: default_and_offer, execution: act_and_report,"
                + " review: confirm_only_when_required, status: default_and_offer, " + extra + " } }";
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("ruleViolations")
    void validate_ruleViolated_configInvalidNamingPath(String yaml, String expected) {
        assertThat(invalid(yaml).getMessage()).contains(expected);
    }

    @Test
    void validate_boundaryValues_accepted() {
        SilasConfig c = SilasConfig.parse("""
                context:
                  skill_metadata_budget_pct: 0.10
                  default_profile: full
                  profiles: { full: { chronicle_pct: 0.40, memory_pct: 0.30, workspace_pct: 0.10 } }
                approval: { default_ttl_minutes: 30 }
                nonce_store: { ttl_minutes: 40 }
                message_trust: { freshness_window_minutes: 19 }
                autonomy: { min_samples: 50, max_batch_review_size: 10 }
                batch_review: { confidence: { high_min: 0.70, medium_min: 0.70 } }
                channels: { web: { host: 0.0.0.0, port: 0, auth_token_ref: web-token } }
                scheduler: { enabled: false }
                suggestions: { enabled: false, heartbeat_cron: "0,30 9-17/2 1-31 jan-dec sun-sat" }
                skills: { import: { allow_external: false, require_transform_report: false } }
                """, name -> null);
        assertThat(c.context().profiles().get("full").allocated()).isCloseTo(0.80, within(1e-9));
        assertThat(c.channels().web().port()).isZero();
    }

    @Test
    void validate_manyViolations_allListedInOneException() {
        SilasException e = invalid("""
                silas:
                  owner_id: ""
                  aproval: { default_ttl_minutes: 5 }
                  search: { provider: tavily, timeout_seconds: "soon" }
                  autonomy: { widen_correction_rate_max: 0.3 }
                  scheduler: { timezone: "Nowhere/Never" }
                  channels: { web: { host: "0.0.0.0", port: "${WEB_PORT}" } }
                """);
        String[] expected = {
            "silas.aproval: unknown key (did you mean 'approval'?)",
            "silas.search.timeout_seconds: expected an integer",
            "silas.channels.web.port: environment variable WEB_PORT is not set",
            "silas.owner_id: must not be blank",
            "silas.search.api_key_ref: required when search.provider is set",
            "silas.autonomy.widen_correction_rate_max: must be less than autonomy.tighten_correction_rate_min",
            "silas.scheduler.timezone: not a valid time-zone id",
            "silas.channels.web.auth_token_ref: required when channels.web.host binds all interfaces"};
        assertThat(e.getMessage()).startsWith("invalid configuration (8 problems):").contains(expected);
        assertThat(e.getSuppressed()).hasSize(expected.length);
        for (String violation : expected) {
            assertThat(Arrays.stream(e.getSuppressed()).map(Throwable::getMessage))
                    .anySatisfy(m -> assertThat(m).startsWith(violation));
        }
        assertThat(e.getSuppressed()).allSatisfy(s ->
                assertThat(((SilasException) s).code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void validate_handBuiltRecordWithNulls_reportsEachMissingPart() {
        SilasConfig d = SilasConfig.defaults();
        SilasException e = catchThrowableOfType(SilasException.class, () -> new SilasConfig(null, d.dataDir(),
                d.scopeMode(), null, d.skillsDir(), new SilasConfig.Search(null, null, 8, 5, 300, null), d.context(),
                d.rehydration(), d.interaction(), d.suggestions(), new SilasConfig.Channels(null), d.limits(),
                d.backpressure(), d.sandbox(), d.verification(), d.approval(), d.nonceStore(), d.messageTrust(),
                d.connections(), d.batchReview(), d.autonomy(), d.gates(), null, d.skills(), d.turns(),
                d.personality()));
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains("owner_id: must be set", "channels.web: must be set",
                "scheduler: must be set").doesNotContain("active_goal").doesNotContain("search");
    }

    @Test
    void validate_directories_verifyAndCustomerContextSame_rejected(@TempDir Path dir) {
        assertThat(invalid(dirs(dir, "data", "data/shared", "data/shared")).getMessage()).contains(
                "sandbox.customer_context_dir: must resolve to a different canonical path than sandbox.verify_dir");
        assertThat(invalid(dirs(dir, "data", "data/shared", "data/x/../shared")).getMessage())
                .contains("must resolve to a different canonical path");
    }

    @Test
    void validate_directories_nested_rejected(@TempDir Path dir) {
        assertThat(invalid(dirs(dir, "data", "data/verify", "data/verify/customer")).getMessage())
                .contains("sandbox.customer_context_dir: must not contain or lie inside sandbox.verify_dir");
    }

    @Test
    void validate_directories_symlinkToSameDirectory_rejected(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data/customer"));
        Files.createSymbolicLink(dir.resolve("data/verify"), dir.resolve("data/customer"));
        assertThat(invalid(dirs(dir, "data", "data/verify", "data/customer")).getMessage())
                .contains("must resolve to a different canonical path");
    }

    @Test
    void validate_directories_customerContextOutsideDataDir_rejected(@TempDir Path dir) {
        assertThat(invalid(dirs(dir, "data", "data/verify", "elsewhere/customer")).getMessage())
                .contains("sandbox.customer_context_dir: must lie inside data_dir");
        assertThat(invalid(dirs(dir, "data", "data/verify", "data")).getMessage())
                .contains("sandbox.customer_context_dir: must lie inside data_dir");
        assertThat(invalid(dirs(dir, "data", "data/verify", "data-other/customer")).getMessage())
                .contains("sandbox.customer_context_dir: must lie inside data_dir");
    }

    @Test
    void validate_directories_worldWritableCustomerContext_rejected(@TempDir Path dir) throws Exception {
        Path customer = Files.createDirectories(dir.resolve("data/customer"));
        Files.setPosixFilePermissions(customer, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(invalid(dirs(dir, "data", "data/verify", "data/customer")).getMessage())
                .contains("sandbox.customer_context_dir: must not be world-writable");

        Files.setPosixFilePermissions(customer, PosixFilePermissions.fromString("rwx------"));
        SilasConfig ok = SilasConfig.parse(dirs(dir, "data", "data/verify", "data/customer"), name -> null);
        assertThat(ok.sandbox().customerContextDir()).isEqualTo(dir.resolve("data/customer"));
    }

    private static String dirs(Path base, String data, String verify, String customer) {
        return "data_dir: '" + base.resolve(data) + "'\nsandbox:\n  verify_dir: '" + base.resolve(verify)
                + "'\n  customer_context_dir: '" + base.resolve(customer) + "'\n";
    }
}
