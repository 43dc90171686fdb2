package io.silas.core.config;

import io.silas.core.config.SilasConfig.Approval;
import io.silas.core.config.SilasConfig.Autonomy;
import io.silas.core.config.SilasConfig.Backpressure;
import io.silas.core.config.SilasConfig.BatchReview;
import io.silas.core.config.SilasConfig.Channels;
import io.silas.core.config.SilasConfig.Connections;
import io.silas.core.config.SilasConfig.Context;
import io.silas.core.config.SilasConfig.Gates;
import io.silas.core.config.SilasConfig.Interaction;
import io.silas.core.config.SilasConfig.Limits;
import io.silas.core.config.SilasConfig.MessageTrust;
import io.silas.core.config.SilasConfig.NonceStore;
import io.silas.core.config.SilasConfig.Rehydration;
import io.silas.core.config.SilasConfig.Sandbox;
import io.silas.core.config.SilasConfig.Scheduler;
import io.silas.core.config.SilasConfig.ScopeMode;
import io.silas.core.config.SilasConfig.Search;
import io.silas.core.config.SilasConfig.Skills;
import io.silas.core.config.SilasConfig.Suggestions;
import io.silas.core.config.SilasConfig.Turns;
import io.silas.core.config.SilasConfig.Verification;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validation rules of {@link SilasConfig}: docs/configuration.md plus ranges and
 * cross-field consistency. Every rule reports into {@link Violations} with the YAML path and the violated
 * constraint; no rule quotes a configured value.
 */
final class ConfigRules {
    private static final double EPSILON = 1e-9;
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

    private ConfigRules() {
    }

    /** Checks the root components (one parameter per component of {@link SilasConfig}). */
    static void check(Violations v, String ownerId, Path dataDir, ScopeMode scopeMode, Path skillsDir,
                      Search search, Context context, Rehydration rehydration, Interaction interaction,
                      Suggestions suggestions, Channels channels, Limits limits,
                      Backpressure backpressure, Sandbox sandbox, Verification verification, Approval approval,
                      NonceStore nonceStore, MessageTrust messageTrust, Connections connections,
                      BatchReview batchReview, Autonomy autonomy, Gates gates, Scheduler scheduler, Skills skills,
                      Turns turns) {
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("owner_id", ownerId);
        sections.put("data_dir", dataDir);
        sections.put("scope_mode", scopeMode);
        sections.put("skills_dir", skillsDir);
        sections.put("search", search);
        sections.put("context", context);
        sections.put("rehydration", rehydration);
        sections.put("interaction", interaction);
        sections.put("suggestions", suggestions);
        sections.put("channels", channels);
        sections.put("limits", limits);
        sections.put("backpressure", backpressure);
        sections.put("sandbox", sandbox);
        sections.put("verification", verification);
        sections.put("approval", approval);
        sections.put("nonce_store", nonceStore);
        sections.put("message_trust", messageTrust);
        sections.put("connections", connections);
        sections.put("batch_review", batchReview);
        sections.put("autonomy", autonomy);
        sections.put("gates", gates);
        sections.put("scheduler", scheduler);
        sections.put("skills", skills);
        sections.put("turns", turns);
        if (NullCheck.report(v, sections)) {
            return;
        }
        notBlank(v, "owner_id", ownerId);
        search(v, search);
        context(v, context);
        positive(v, "rehydration.max_chronicle_entries", rehydration.maxChronicleEntries());
        interaction(v, interaction);
        suggestions(v, suggestions, scheduler);
        web(v, channels.web());
        limits(v, limits);
        backpressure(v, backpressure);
        SandboxPaths.check(v, dataDir, sandbox);
        sandbox(v, sandbox);
        positive(v, "verification.timeout_seconds", verification.timeoutSeconds());
        positive(v, "verification.max_output_chars", verification.maxOutputChars());
        positive(v, "approval.default_ttl_minutes", approval.defaultTtlMinutes());
        positive(v, "approval.max_executions", approval.maxExecutions());
        nonces(v, nonceStore, approval, messageTrust);
        connections(v, connections);
        autonomy(v, autonomy, batchReview);
        gates(v, gates);
        timezone(v, scheduler);
        skills(v, skills);
        positive(v, "turns.agent_timeout_seconds", turns.agentTimeoutSeconds());
        positive(v, "turns.processor_idle_seconds", turns.processorIdleSeconds());
        positive(v, "turns.max_live_processors", turns.maxLiveProcessors());
        nonNegative(v, "turns.agent_retries", turns.agentRetries());
        nonNegative(v, "turns.agent_backoff_millis", turns.agentBackoffMillis());
        positive(v, "turns.agent_deadline_seconds", turns.agentDeadlineSeconds());
    }

    private static void search(Violations v, Search s) {
        if (s.provider() != null) {
            notBlank(v, "search.provider", s.provider());
            if (s.apiKeyRef() == null) {
                v.add("search.api_key_ref", "required when search.provider is set (web_search needs a key)");
            }
        }
        if (s.apiKeyRef() != null) {
            notBlank(v, "search.api_key_ref", s.apiKeyRef());
        }
        positive(v, "search.timeout_seconds", s.timeoutSeconds());
        positive(v, "search.max_results", s.maxResults());
        positive(v, "search.max_query_chars", s.maxQueryChars());
        List<String> domains = s.allowedDomains();
        for (int i = 0; i < domains.size(); i++) {
            if (!DOMAIN.matcher(domains.get(i)).matches()) {
                v.add("search.allowed_domains[" + i + "]", "must be a bare domain name (no scheme, port or path)");
            }
        }
    }

    private static void context(Violations v, Context c) {
        positive(v, "context.total_tokens", c.totalTokens());
        positive(v, "context.system_max", c.systemMax());
        if (c.systemMax() >= c.totalTokens()) {
            v.add("context.system_max", "must be less than context.total_tokens");
        }
        if (!(c.skillMetadataBudgetPct() >= 0.0 && c.skillMetadataBudgetPct() <= 0.10)) {
            v.add("context.skill_metadata_budget_pct", "must be between 0.0 and 0.10");
        }
        share(v, "context.eviction_threshold_pct", c.evictionThresholdPct());
        share(v, "context.scorer_threshold_pct", c.scorerThresholdPct());
        if (c.evictionThresholdPct() > c.scorerThresholdPct()) {
            v.add("context.eviction_threshold_pct", "must not exceed context.scorer_threshold_pct");
        }
        positive(v, "context.max_subscription_tokens", c.maxSubscriptionTokens());
        positive(v, "context.subscription_ttl_turns", c.subscriptionTtlTurns());
        nonNegative(v, "context.observation_mask_after_turns", c.observationMaskAfterTurns());
        if (c.profiles().isEmpty()) {
            v.add("context.profiles", "must define at least one profile");
        } else if (!c.profiles().containsKey(c.defaultProfile())) {
            v.add("context.default_profile", "must name a profile defined in context.profiles");
        }
        c.profiles().forEach((name, p) -> {
            String path = "context.profiles." + name;
            if (name.isBlank()) {
                v.add(path, "profile names must not be blank");
            }
            fraction(v, path + ".chronicle_pct", p.chroniclePct());
            fraction(v, path + ".memory_pct", p.memoryPct());
            fraction(v, path + ".workspace_pct", p.workspacePct());
            if (p.allocated() > Context.Profile.MAX_ALLOCABLE + EPSILON) {
                v.add(path, "chronicle_pct + memory_pct + workspace_pct must not exceed 0.80");
            }
        });
    }

    private static void interaction(Violations v, Interaction i) {
        fraction(v, "interaction.high_initiative_min", i.highInitiativeMin());
        String path = "interaction.default_mode_by_register";
        for (String register : Interaction.REGISTERS) {
            if (!i.defaultModeByRegister().containsKey(register)) {
                v.add(path, "must define register '" + register + "'");
            }
        }
        i.defaultModeByRegister().forEach((register, mode) -> {
            if (!Interaction.REGISTERS.contains(register)) {
                v.add(path + "." + register, "unknown register (expected one of " + Interaction.REGISTERS + ")");
            } else if (!Interaction.MODES.contains(mode)) {
                v.add(path + "." + register, "unknown mode (expected one of " + Interaction.MODES + ")");
            }
        });
    }

    private static void suggestions(Violations v, Suggestions s, Scheduler scheduler) {
        if (s.enabled() && !scheduler.enabled()) {
            v.add("suggestions.enabled", "requires scheduler.enabled (the heartbeat runs from the scheduler)");
        }
        cron(v, "suggestions.heartbeat_cron", s.heartbeatCron());
        positive(v, "suggestions.cooldown_minutes", s.cooldownMinutes());
        positive(v, "suggestions.max_pending_per_scope", s.maxPendingPerScope());
        positive(v, "suggestions.dedupe_window_minutes", s.dedupeWindowMinutes());
    }

    private static void web(Violations v, Channels.Web web) {
        notBlank(v, "channels.web.host", web.host());
        if (web.port() < 0 || web.port() > 65_535) {
            v.add("channels.web.port", "must be between 0 and 65535");
        }
        if (web.authTokenRef() != null) {
            notBlank(v, "channels.web.auth_token_ref", web.authTokenRef());
        } else if (List.of("0.0.0.0", "::", "[::]").contains(web.host().trim())) {
            v.add("channels.web.auth_token_ref", "required when channels.web.host binds all interfaces");
        }
    }

    private static void limits(Violations v, Limits l) {
        positive(v, "limits.ws_messages_per_minute_per_scope", l.wsMessagesPerMinutePerScope());
        positive(v, "limits.ws_messages_per_minute_per_ip", l.wsMessagesPerMinutePerIp());
        positive(v, "limits.messages_per_minute_total", l.messagesPerMinuteTotal());
        positive(v, "limits.llm_calls_per_minute_per_scope", l.llmCallsPerMinutePerScope());
        positive(v, "limits.web_search_calls_per_minute_per_scope", l.webSearchCallsPerMinutePerScope());
        positive(v, "limits.memory_ops_per_minute_per_scope", l.memoryOpsPerMinutePerScope());
        positive(v, "limits.max_memory_ops_per_turn", l.maxMemoryOpsPerTurn());
        positive(v, "limits.max_gate_evals_per_turn", l.maxGateEvalsPerTurn());
        positive(v, "limits.suggestions_per_hour_per_scope", l.suggestionsPerHourPerScope());
        positive(v, "limits.autonomy_proposals_per_week_per_scope", l.autonomyProposalsPerWeekPerScope());
        positive(v, "limits.card_submissions_per_minute_per_scope", l.cardSubmissionsPerMinutePerScope());
        positive(v, "limits.max_message_bytes", l.maxMessageBytes());
        positive(v, "limits.max_attachment_bytes", l.maxAttachmentBytes());
        positive(v, "limits.max_card_answer_bytes", l.maxCardAnswerBytes());
        positive(v, "limits.max_reply_bytes", l.maxReplyBytes());
        positive(v, "limits.max_plan_bytes", l.maxPlanBytes());
        positive(v, "limits.max_memory_op_bytes", l.maxMemoryOpBytes());
        if (l.wsMessagesPerMinutePerScope() > l.messagesPerMinuteTotal()) {
            v.add("limits.ws_messages_per_minute_per_scope", "must not exceed limits.messages_per_minute_total");
        }
    }

    private static void backpressure(Violations v, Backpressure b) {
        positive(v, "backpressure.max_pending_turns_per_scope", b.maxPendingTurnsPerScope());
        positive(v, "backpressure.max_pending_turns_total", b.maxPendingTurnsTotal());
        nonNegative(v, "backpressure.shutdown_grace_seconds", b.shutdownGraceSeconds());
        if (b.maxPendingTurnsPerScope() > b.maxPendingTurnsTotal()) {
            v.add("backpressure.max_pending_turns_per_scope", "must not exceed backpressure.max_pending_turns_total");
        }
    }

    private static void sandbox(Violations v, Sandbox s) {
        notBlank(v, "sandbox.base_image", s.baseImage());
        positive(v, "sandbox.default_memory_mb", s.defaultMemoryMb());
        positive(v, "sandbox.default_cpu_seconds", s.defaultCpuSeconds());
        positive(v, "sandbox.max_output_bytes", s.maxOutputBytes());
    }

    private static void nonces(Violations v, NonceStore n, Approval approval, MessageTrust trust) {
        positive(v, "nonce_store.ttl_minutes", n.ttlMinutes());
        positive(v, "nonce_store.prune_interval_minutes", n.pruneIntervalMinutes());
        positive(v, "message_trust.freshness_window_minutes", trust.freshnessWindowMinutes());
        if ((long) n.ttlMinutes() < (long) approval.defaultTtlMinutes() + NonceStore.TTL_BUFFER_MINUTES) {
            v.add("nonce_store.ttl_minutes", "must be at least approval.default_ttl_minutes + "
                    + NonceStore.TTL_BUFFER_MINUTES + " (nonces must outlive every token)");
        }
        if ((long) n.ttlMinutes() <= 2L * trust.freshnessWindowMinutes()) {
            v.add("message_trust.freshness_window_minutes",
                    "must be less than half of nonce_store.ttl_minutes (a replay must not outlive its nonce)");
        }
    }

    private static void connections(Violations v, Connections c) {
        cron(v, "connections.health_check_default", c.healthCheckDefault());
        nonNegative(v, "connections.recovery_max_attempts", c.recoveryMaxAttempts());
        positive(v, "connections.refresh_ahead_minutes", c.refreshAheadMinutes());
    }

    private static void autonomy(Violations v, Autonomy a, BatchReview batch) {
        positive(v, "autonomy.min_samples", a.minSamples());
        positive(v, "autonomy.window_actions", a.windowActions());
        positive(v, "autonomy.window_days", a.windowDays());
        if (a.minSamples() > a.windowActions()) {
            v.add("autonomy.min_samples", "must not exceed autonomy.window_actions");
        }
        fraction(v, "autonomy.widen_correction_rate_max", a.widenCorrectionRateMax());
        fraction(v, "autonomy.tighten_correction_rate_min", a.tightenCorrectionRateMin());
        fraction(v, "autonomy.hysteresis_delta", a.hysteresisDelta());
        if (a.widenCorrectionRateMax() >= a.tightenCorrectionRateMin()) {
            v.add("autonomy.widen_correction_rate_max",
                    "must be less than autonomy.tighten_correction_rate_min (hysteresis required)");
        }
        positive(v, "autonomy.max_standing_executions", a.maxStandingExecutions());
        positive(v, "autonomy.max_batch_review_size", a.maxBatchReviewSize());
        fraction(v, "autonomy.min_high_confidence", a.minHighConfidence());
        positive(v, "batch_review.default_size", batch.defaultSize());
        if (a.maxBatchReviewSize() < batch.defaultSize()) {
            v.add("autonomy.max_batch_review_size", "must be at least batch_review.default_size");
        }
        BatchReview.Confidence confidence = batch.confidence();
        fraction(v, "batch_review.confidence.high_min", confidence.highMin());
        fraction(v, "batch_review.confidence.medium_min", confidence.mediumMin());
        if (confidence.mediumMin() > confidence.highMin()) {
            v.add("batch_review.confidence.medium_min", "must not exceed batch_review.confidence.high_min");
        }
        if (confidence.highMin() < a.minHighConfidence()) {
            v.add("batch_review.confidence.high_min", "must be at least autonomy.min_high_confidence");
        }
    }

    private static void gates(Violations v, Gates g) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < g.system().size(); i++) {
            Map<String, Object> gate = g.system().get(i);
            String path = "gates.system[" + i + "]";
            Object name = gate == null ? null : gate.get("name");
            if (!(name instanceof String s) || s.isBlank()) {
                v.add(path + ".name", "required (a non-blank string)");
            } else if (seen.putIfAbsent(s, i) != null) {
                v.add(path + ".name", "duplicates gates.system[" + seen.get(s) + "].name");
            }
        }
        Gates.LlmDefaults llm = g.llmDefaults();
        if (llm.model() != null) {
            notBlank(v, "gates.llm_defaults.model", llm.model());
        }
        if (!(llm.temperature() >= 0.0 && llm.temperature() <= 2.0)) {
            v.add("gates.llm_defaults.temperature", "must be between 0.0 and 2.0");
        }
        positive(v, "gates.llm_defaults.timeout_seconds", llm.timeoutSeconds());
        positive(v, "gates.llm_defaults.max_tokens", llm.maxTokens());
        positive(v, "gates.script_defaults.timeout_seconds", g.scriptDefaults().timeoutSeconds());
    }

    private static void timezone(Violations v, Scheduler s) {
        try {
            ZoneId.of(s.timezone());
        } catch (DateTimeException e) {
            v.add("scheduler.timezone", "not a valid time-zone id (e.g. UTC, Europe/Vienna)");
        }
    }

    private static void skills(Violations v, Skills s) {
        Skills.Validation val = s.validation();
        positive(v, "skills.validation.description_min_chars", val.descriptionMinChars());
        positive(v, "skills.validation.description_max_chars", val.descriptionMaxChars());
        if (val.descriptionMinChars() > val.descriptionMaxChars()) {
            v.add("skills.validation.description_min_chars", "must not exceed skills.validation.description_max_chars");
        }
        if (s.imports().allowExternal() && !s.imports().requireTransformReport()) {
            v.add("skills.import.require_transform_report", "must be true when skills.import.allow_external is true");
        }
        List<String> sources = s.imports().allowedSources();
        for (int i = 0; i < sources.size(); i++) {
            notBlank(v, "skills.import.allowed_sources[" + i + "]", sources.get(i));
        }
    }

    private static void cron(Violations v, String path, String expression) {
        if (!CronSyntax.isValid(expression)) {
            v.add(path, "not a valid 5-field cron expression (minute hour day-of-month month day-of-week)");
        }
    }

    private static void notBlank(Violations v, String path, String value) {
        if (value.isBlank()) {
            v.add(path, "must not be blank");
        }
    }

    private static void positive(Violations v, String path, int value) {
        if (value <= 0) {
            v.add(path, "must be greater than 0");
        }
    }

    private static void nonNegative(Violations v, String path, int value) {
        if (value < 0) {
            v.add(path, "must not be negative");
        }
    }

    /** A share in [0, 1]. */
    private static void fraction(Violations v, String path, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            v.add(path, "must be between 0.0 and 1.0");
        }
    }

    /** A threshold share in (0, 1]. */
    private static void share(Violations v, String path, double value) {
        if (!(value > 0.0 && value <= 1.0)) {
            v.add(path, "must be greater than 0.0 and at most 1.0");
        }
    }
}
