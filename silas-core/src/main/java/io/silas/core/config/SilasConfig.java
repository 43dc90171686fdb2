package io.silas.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's configuration (docs/configuration.md): an immutable tree of records, one nested record per section of
 * {@code silas.yaml} that the SDK interprets. YAML keys are the snake_case form of the accessor names
 * ({@code nonceStore().ttlMinutes()} ↔ {@code nonce_store.ttl_minutes}); durations keep their unit in
 * the key ({@code *_seconds}, {@code *_minutes}, {@code *_days}) and each section offers {@link Duration}
 * accessors next to them.
 *
 * <p><b>Getting one.</b> {@link #defaults()} gives the documented defaults; {@link #load(Path)} and
 * {@link #parse(String, Function)} read YAML in which every missing section or field takes its default
 * (a partial file is normal). The file may either hold the sections at its root or nest them under a
 * single {@code silas:} key. Scalar values may reference environment variables as {@code ${NAME}} or
 * {@code ${NAME:-fallback}} (the fallback may itself contain references; <code>$${</code> writes a literal
 * <code>${</code>; a {@code $} not followed by <code>{</code> is kept as is). A value read from the environment is
 * used literally, never interpolated again.
 *
 * To change a few values in code (tests, embedded hosts), parse a fragment:
 * {@code SilasConfig.parse("approval: { default_ttl_minutes: 5 }", name -> null)}.
 *
 * <p><b>Keys this SDK adds</b> to the Silas file format (the format's names are kept everywhere else):
 * {@code scope_mode} (the format's {@code personality.scope_mode}), {@code message_trust}, {@code verification},
 * {@code sandbox.max_output_bytes}, {@code connections.refresh_ahead_minutes}, {@code gates.script_defaults},
 * {@code limits.messages_per_minute_total}, {@code turns}; {@code search.api_key_ref} and
 * {@code channels.web.auth_token_ref} replace the format's secret-valued keys.
 *
 * <p><b>Validation.</b> The canonical constructor validates the whole tree, so an invalid {@code SilasConfig}
 * cannot exist: it throws one {@link SilasException} with {@link ErrorCode#CONFIG_INVALID} whose message lists
 * every violation with its YAML path (each violation is also attached as a suppressed {@code SilasException}
 * for programmatic access). The loader adds to the same list every unknown key, unreadable value and unset
 * environment variable. Rules: the startup validation rules of the file format plus ranges (positive sizes and
 * timeouts, rates and percentages in [0, 1]), cross-field consistency (widen &lt; tighten threshold, nonce
 * retention ≥ approval TTL + 10 min and &gt; twice the message freshness window, per-scope bounds ≤ global
 * bounds), 5-field cron expressions and valid time-zone ids. The filesystem rules (canonical paths,
 * world-writable customer-context dir) look at directories that already exist; relative paths resolve
 * against the process working directory, as the defaults assume.
 *
 * <p><b>Unknown keys are rejected at every level</b> (not only the top level), with a "did you mean"
 * hint: a typo in security configuration ({@code auth_tokn_ref}, {@code max_exectuions}) must never fall back
 * silently to a default. Sections of the file format that this SDK does not interpret ({@code models},
 * {@code memory}, {@code personality} (except its {@code constitution}), {@code behavior_preferences}, chat
 * channels other than
 * {@code web}) are rejected too, with a message saying so, so that nobody believes a setting is in force
 * when it is not. The only free-form part is {@code gates.system}, whose entries the gate package parses.
 *
 * <p><b>Security guarantees.</b> Secrets are never configuration values: the tree holds only references
 * ({@code search.api_key_ref}, {@code channels.web.auth_token_ref}) that name entries of the
 * {@code SecretStore}; the format's {@code api_key} / {@code auth_token} keys are rejected with a hint. No
 * exception message ever contains a configured value or the value of an environment variable, only YAML
 * paths, variable names and the violated constraint. Instances are immutable and thread-safe.
 *
 * @param ownerId          the owner's id ({@code "owner"}); the scope id of every turn in single-user mode
 * @param dataDir          the data directory ({@code ./data}); holds {@code silas.db}
 * @param scopeMode        how turns map to scopes ({@code per_connection}); {@code single_user} maps every
 *                         turn to {@link #ownerId()}
 * @param activeGoal       optional plan file of the goal to schedule at startup (default none)
 * @param skillsDir        directory of skills, including connection skills ({@code ./silas/skills})
 * @param search           web search
 * @param context          the context window budget
 * @param rehydration      what a restart restores
 * @param interaction      interaction register and mode
 * @param suggestions      proactive suggestions
 * @param channels         channels the SDK serves itself
 * @param limits           rate and size limits
 * @param backpressure     admission queues and drain
 * @param sandbox          sandbox defaults
 * @param verification     external verification
 * @param approval         approval tokens
 * @param nonceStore       nonce retention
 * @param messageTrust     signed owner messages
 * @param connections      service connections
 * @param batchReview      batch review cards
 * @param autonomy         autonomy calibration
 * @param gates            system gates and gate defaults
 * @param scheduler        the job scheduler
 * @param skills           skill installation
 * @param turns            turn runtime limits
 * @param personality      {@code personality.constitution}: the lines pinned in every scope's system zone
 */
public record SilasConfig(
        String ownerId,
        Path dataDir,
        ScopeMode scopeMode,
        @Nullable Path activeGoal,
        Path skillsDir,
        Search search,
        Context context,
        Rehydration rehydration,
        Interaction interaction,
        Suggestions suggestions,
        Channels channels,
        Limits limits,
        Backpressure backpressure,
        Sandbox sandbox,
        Verification verification,
        Approval approval,
        NonceStore nonceStore,
        MessageTrust messageTrust,
        Connections connections,
        BatchReview batchReview,
        Autonomy autonomy,
        Gates gates,
        Scheduler scheduler,
        Skills skills,
        Turns turns,
        Personality personality) {

    /**
     * Validates the whole tree; see the class documentation.
     *
     * @param ownerId the owner's id ({@code "owner"}); the scope id of every turn in single-user mode
     * @param dataDir the data directory ({@code ./data}); holds {@code silas.db}
     * @param scopeMode how turns map to scopes ({@code per_connection}); {@code single_user} maps every turn to {@link #ownerId()}
     * @param activeGoal optional plan file of the goal to schedule at startup (default none)
     * @param skillsDir directory of skills, including connection skills ({@code ./silas/skills})
     * @param search web search
     * @param context the context window budget
     * @param rehydration what a restart restores
     * @param interaction interaction register and mode
     * @param suggestions proactive suggestions
     * @param channels channels the SDK serves itself
     * @param limits rate and size limits
     * @param backpressure admission queues and drain
     * @param sandbox sandbox defaults
     * @param verification external verification
     * @param approval approval tokens
     * @param nonceStore nonce retention
     * @param messageTrust signed owner messages
     * @param connections service connections
     * @param batchReview batch review cards
     * @param autonomy autonomy calibration
     * @param gates the gates the plan carries (system gates of the host are not part of a plan)
     * @param scheduler the job scheduler
     * @param skills the skills the plan uses
     * @param turns turn runtime limits
     * @param personality {@code personality.constitution}: the lines pinned in every scope's system zone
     */
    public SilasConfig {
        Violations violations = new Violations();
        if (personality == null) {
            violations.add("personality", "must be set");
        } else {
            for (int i = 0; i < personality.constitution().size(); i++) {
                String line = personality.constitution().get(i);
                if (line == null || line.isBlank() || line.length() > Personality.MAX_LINE_CHARS) {
                    violations.add("personality.constitution[" + i + "]",
                            "must be a non-blank line of at most " + Personality.MAX_LINE_CHARS + " characters");
                }
            }
        }
        ConfigRules.check(violations, ownerId, dataDir, scopeMode, skillsDir, search, context, rehydration,
                interaction, suggestions, channels, limits, backpressure, sandbox, verification, approval,
                nonceStore, messageTrust, connections, batchReview, autonomy, gates, scheduler, skills, turns);
        violations.throwIfAny();
    }

    /**
     * The defaults of every section (docs/configuration.md). Validated like any other instance.
     *
     * @return the default configuration
     */
    public static SilasConfig defaults() {
        return RecordBinder.construct(SilasConfig.class, defaultComponents());
    }

    /**
     * The default value of every component, in declaration order. The loader starts from these, so that
     * a file overriding the directories is judged on its own directories, not on the defaults'.
     */
    static Object[] defaultComponents() {
        return new Object[] {"owner", Path.of("./data"), ScopeMode.PER_CONNECTION, null, Path.of("./silas/skills"),
            Search.defaults(), Context.defaults(), Rehydration.defaults(), Interaction.defaults(),
            Suggestions.defaults(), Channels.defaults(), Limits.defaults(), Backpressure.defaults(),
            Sandbox.defaults(), Verification.defaults(), Approval.defaults(), NonceStore.defaults(),
            MessageTrust.defaults(), Connections.defaults(), BatchReview.defaults(), Autonomy.defaults(),
            Gates.defaults(), Scheduler.defaults(), Skills.defaults(), Turns.defaults(), Personality.defaults()};
    }

    /**
     * Loads a YAML file, resolving {@code ${ENV}} references from the process environment.
     *
     * @param file the file
     * @return the silas config
     */
    public static SilasConfig load(Path file) {
        return load(file, System::getenv);
    }

    /**
     * Loads a YAML file, resolving {@code ${ENV}} references with the given lookup ({@code null} = unset).
     *
     * @param file the file
     * @param env environment variables for the payload (names {@code [A-Za-z_][A-Za-z0-9_]*})
     * @return the silas config
     * @throws SilasException {@link ErrorCode#CONFIG_INVALID} if the file cannot be read, is malformed (the
     *                        message names the line) or violates any rule (the message lists them all)
     */
    public static SilasConfig load(Path file, Function<String, @Nullable String> env) {
        return ConfigParser.parse(ConfigParser.read(file), env);
    }

    /**
     * Parses YAML text held in memory; same rules as {@link #load(Path, Function)}.
     *
     * @param yaml the yaml
     * @param env environment variables for the payload (names {@code [A-Za-z_][A-Za-z0-9_]*})
     * @return the silas config
     */
    public static SilasConfig parse(String yaml, Function<String, @Nullable String> env) {
        return ConfigParser.parse(yaml, env);
    }

    /** {@return the scheduler's time zone} */
    public ZoneId zoneId() {
        return scheduler.zoneId();
    }

    /**
     * {@return the scope id of a turn arriving on the given connection}
     *
     * @param connectionId the connection
     */
    public String scopeIdFor(String connectionId) {
        return scopeMode == ScopeMode.SINGLE_USER ? ownerId : connectionId;
    }

    /** How turns are mapped to scopes ({@code scope_mode}). */
    public enum ScopeMode {
        /** Each connection is its own scope (the default). */
        PER_CONNECTION,
        /** Every turn belongs to the owner's scope. */
        SINGLE_USER
    }

    /** Sandbox backend named by {@code sandbox.backend}. */
    public enum SandboxBackend {
        /** OS subprocess with namespaces and limits (default). */
        SUBPROCESS,
        /** Container backend, for hosts that supply one. */
        DOCKER
    }

    /**
     * Web search (docs/contracts.md#web-search). {@code web_search} is registered only when {@link
     * #webSearchEnabled()}; naming a provider without {@code api_key_ref} is a startup violation (fail fast rather than
     * silently lose the tool). The key itself lives in the {@code SecretStore} under {@code api_key_ref}.
     *
     * @param provider        provider name, e.g. {@code tavily}; default none (search disabled)
     * @param apiKeyRef       SecretStore reference of the provider key; never the key itself
     * @param timeoutSeconds  request timeout (8)
     * @param maxResults      result cap (5)
     * @param maxQueryChars   query length cap (300)
     * @param allowedDomains  result domain allowlist; empty = provider default
     */
    public record Search(@Nullable String provider, @Nullable String apiKeyRef, int timeoutSeconds, int maxResults,
                         int maxQueryChars, List<String> allowedDomains) {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param provider       provider name, e.g. {
         * @param apiKeyRef      SecretStore reference of the provider key; never the key itself
         * @param timeoutSeconds request timeout (8)
         * @param maxResults     result cap (5)
         * @param maxQueryChars  query length cap (300)
         * @param allowedDomains result domain allowlist; empty = provider default /
 public
         */
        public Search {
            allowedDomains = copy(allowedDomains);
        }

        /** {@return the default values} */
        public static Search defaults() {
            return new Search(null, null, 8, 5, 300, List.of());
        }

        /** {@return whether a provider (and therefore, after validation, a key reference) is configured} */
        public boolean webSearchEnabled() {
            return provider != null;
        }

        /** {@return the timeout as a {@link java.time.Duration}} */
        public Duration timeout() {
            return Duration.ofSeconds(timeoutSeconds);
        }
    }

    /**
     * Context budget (docs/contracts.md#context-window). Profiles are replaced as a whole when the file names any.
     *
     * @param totalTokens               total budget (180,000)
     * @param systemMax                 system zone cap (8,000)
     * @param skillMetadataBudgetPct    share for unactivated skill metadata (0.02, at most 0.10)
     * @param evictionThresholdPct      usage that triggers eviction (0.80)
     * @param scorerThresholdPct        usage that invokes the scorer (0.90)
     * @param maxSubscriptionTokens     cap per materialised subscription (2,000)
     * @param subscriptionTtlTurns      turns before an unreferenced subscription deactivates (10)
     * @param observationMaskAfterTurns turns after which tool results are masked (5)
     * @param defaultProfile            profile used until routing picks one ({@code conversation})
     * @param profiles                  zone allocations by profile name
     */
    public record Context(int totalTokens, int systemMax, double skillMetadataBudgetPct, double evictionThresholdPct,
                          double scorerThresholdPct, int maxSubscriptionTokens, int subscriptionTtlTurns,
                          int observationMaskAfterTurns, String defaultProfile, Map<String, Profile> profiles) {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param totalTokens               total budget (180,000)
         * @param systemMax                 system zone cap (8,000)
         * @param skillMetadataBudgetPct    share for unactivated skill metadata (0.02, at most 0.10)
         * @param evictionThresholdPct      usage that triggers eviction (0.80)
         * @param scorerThresholdPct        usage that invokes the scorer (0.90)
         * @param maxSubscriptionTokens     cap per materialised subscription (2,000)
         * @param subscriptionTtlTurns      turns before an unreferenced subscription deactivates (10)
         * @param observationMaskAfterTurns turns after which tool results are masked (5)
         * @param defaultProfile            profile used until routing picks one ({
         * @param profiles                  zone allocations by profile name /
 public
         */
        public Context {
            profiles = copy(profiles);
        }

        /** {@return the default values} */
        public static Context defaults() {
            return new Context(180_000, 8_000, 0.02, 0.80, 0.90, 2_000, 10, 5, "conversation", Map.of(
                    "conversation", new Profile(0.45, 0.20, 0.15),
                    "coding", new Profile(0.20, 0.20, 0.40),
                    "research", new Profile(0.20, 0.40, 0.20),
                    "support", new Profile(0.40, 0.25, 0.15)));
        }

        /**
         * One context profile. Every field is required in a custom profile; the sum must stay within
         * {@link #MAX_ALLOCABLE} (the remaining 20% is headroom for the token counter's error).
         *
         * @param chroniclePct  share of the chronicle zone
         * @param memoryPct     share of the memory zone
         * @param workspacePct  share of the workspace zone
         */
        public record Profile(double chroniclePct, double memoryPct, double workspacePct) {
            /** Combined allocable share allowed per profile. */
            public static final double MAX_ALLOCABLE = 0.80;

            /**
             * Combined share of the three zones.
             *
             * @return the double
             */
            public double allocated() {
                return chroniclePct + memoryPct + workspacePct;
            }
        }
    }

    /**
     * Turn runtime limits of the Stream (a key this SDK adds).
     *
     * @param agentTimeoutSeconds  time a proxy or planner call may take before the turn uses the agent's fallback
     *                             (30)
     * @param processorIdleSeconds a scope's turn processor idle this long (no queued or running turn, no plan in
     *                             flight) is released and rebuilt from the stores on its next turn (300)
     * @param maxLiveProcessors    most turn processors kept in memory; beyond it the least recently used idle
     *                             ones are released (1,024)
     * @param agentRetries         extra attempts of a proxy or planner call that failed transiently (timed out, or
     *                             threw a retryable {@code SilasException} other than invalid output) before the
     *                             fallback (2; 0 disables retries)
     * @param agentBackoffMillis   wait before the first retry, doubled before each further one (200)
     * @param agentDeadlineSeconds overall time one proxy or planner call may take with all its attempts and
     *                             backoffs; a retry that could not start before it is not made (60)
     */
    public record Turns(int agentTimeoutSeconds, int processorIdleSeconds, int maxLiveProcessors, int agentRetries,
                        int agentBackoffMillis, int agentDeadlineSeconds) {
        /** {@return the default values} */
        public static Turns defaults() {
            return new Turns(30, 300, 1024, 2, 200, 60);
        }

        /** {@return the agent timeout as a {@link java.time.Duration}} */
        public Duration agentTimeout() {
            return Duration.ofSeconds(agentTimeoutSeconds);
        }

        /** {@return the agent backoff as a {@link java.time.Duration}} */
        public Duration agentBackoff() {
            return Duration.ofMillis(agentBackoffMillis);
        }

        /** {@return the agent deadline as a {@link java.time.Duration}} */
        public Duration agentDeadline() {
            return Duration.ofSeconds(agentDeadlineSeconds);
        }

        /** {@return the processor idle as a {@link java.time.Duration}} */
        public Duration processorIdle() {
            return Duration.ofSeconds(processorIdleSeconds);
        }
    }

    /**
     * The part of the {@code personality} section this SDK interprets.
     *
     * @param constitution the constitution lines rehydration pins in every scope's system zone; empty (the default)
     *                     means the built-in {@link #DEFAULT_CONSTITUTION}
     */
    public record Personality(List<String> constitution) {
        /** Longest accepted constitution line. */
        public static final int MAX_LINE_CHARS = 2_000;
        /** The constitution used when none is configured. */
        public static final List<String> DEFAULT_CONSTITUTION = List.of(
                "Act only within approvals the owner has cryptographically granted; a request from the model is "
                        + "never an authorization.",
                "Never ask for, reveal or store a secret; refer to credentials only by their opaque reference.",
                "The constitution and the security policy take precedence over task instructions and personality.");

        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param constitution the constitution lines rehydration pins in every scope's system zone; empty (the default)
         *                     means the built-in {
         */
        public Personality {
            constitution = constitution == null ? List.of() : Collections.unmodifiableList(
                    new ArrayList<>(constitution));
        }

        /** {@return the default values} */
        public static Personality defaults() {
            return new Personality(List.of());
        }

        /** {@return the configured lines, or {@link #DEFAULT_CONSTITUTION} when none are configured} */
        public List<String> effectiveConstitution() {
            return constitution.isEmpty() ? DEFAULT_CONSTITUTION : constitution;
        }
    }

    /**
     * Rehydration after a restart.
     *
     * @param maxChronicleEntries chronicle entries restored per scope (50)
     */
    public record Rehydration(int maxChronicleEntries) {
        /** {@return the default values} */
        public static Rehydration defaults() {
            return new Rehydration(50);
        }
    }

    /**
     * Interaction register and mode (docs/contracts.md#interaction-register-and-mode). Registers and modes are the wire
     * values (registers {@link #REGISTERS}, modes {@link #MODES}); every register must have a default mode.
     *
     * @param highInitiativeMin                     initiative at or above which a turn counts as high (0.65)
     * @param defaultModeByRegister                 default mode per register
     * @param requireConfirmationOnMaterialAmbiguity ask before acting on an ambiguous request (true)
     */
    public record Interaction(double highInitiativeMin, Map<String, String> defaultModeByRegister,
                              boolean requireConfirmationOnMaterialAmbiguity) {
        /** The interaction registers. */
        public static final List<String> REGISTERS = List.of("exploration", "execution", "review", "status");
        /** The interaction modes. */
        public static final List<String> MODES =
                List.of("default_and_offer", "act_and_report", "confirm_only_when_required");

        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param highInitiativeMin                      initiative at or above which a turn counts as high (0.65)
         * @param defaultModeByRegister                  default mode per register
         * @param requireConfirmationOnMaterialAmbiguity ask before acting on an ambiguous request (true) /
 public
         */
        public Interaction {
            defaultModeByRegister = copy(defaultModeByRegister);
        }

        /** {@return the default values} */
        public static Interaction defaults() {
            return new Interaction(0.65, Map.of("exploration", "default_and_offer", "execution", "act_and_report",
                    "review", "confirm_only_when_required", "status", "default_and_offer"), true);
        }
    }

    /**
     * Suggestion heartbeat (docs/contracts.md#proactivity-and-autonomy). Requires {@code scheduler.enabled} when
     * enabled. The hourly rate lives in {@code limits.suggestions_per_hour_per_scope}.
     *
     * @param enabled             whether idle suggestions are generated (true)
     * @param heartbeatCron       5-field cron of the idle-suggestion loop ({@code "*}{@code /15 * * * *"})
     * @param cooldownMinutes     cooldown per {@code cooldown_key} (120)
     * @param maxPendingPerScope  pending suggestions per scope (5)
     * @param dedupeWindowMinutes dedupe window (180)
     */
    public record Suggestions(boolean enabled, String heartbeatCron, int cooldownMinutes, int maxPendingPerScope,
                              int dedupeWindowMinutes) {
        /** {@return the default values} */
        public static Suggestions defaults() {
            return new Suggestions(true, "*/15 * * * *", 120, 5, 180);
        }

        /** {@return the cooldown as a {@link java.time.Duration}} */
        public Duration cooldown() {
            return Duration.ofMinutes(cooldownMinutes);
        }

        /** {@return the dedupe window as a {@link java.time.Duration}} */
        public Duration dedupeWindow() {
            return Duration.ofMinutes(dedupeWindowMinutes);
        }
    }

    /**
     * Channels the SDK serves itself: only the web endpoint (other channels are the host's).
     *
     * @param web the web endpoint
     */
    public record Channels(Web web) {
        /** {@return the default values} */
        public static Channels defaults() {
            return new Channels(Web.defaults());
        }

        /**
         * The web endpoint (secure input, web channel). Binding to all interfaces ({@code 0.0.0.0} or
         * {@code ::}) requires {@code auth_token_ref}.
         *
         * @param enabled      whether the endpoint is served (true)
         * @param host         bind address ({@code 127.0.0.1})
         * @param port         port (8420; 0 = any free port)
         * @param authTokenRef SecretStore reference of the bearer token; never the token itself
         */
        public record Web(boolean enabled, String host, int port, @Nullable String authTokenRef) {
            /** {@return the default values} */
            public static Web defaults() {
                return new Web(true, "127.0.0.1", 8420, null);
            }
        }
    }

    /**
     * Rate limits (docs/contracts.md#admission-and-rate-limits). {@code messages_per_minute_total} is this SDK's addition: the
     * global inbound rate limit of admission control; so is
     * {@code card_submissions_per_minute_per_scope} (30), the card submission limit of
     * docs/contracts.md#admission-and-rate-limits.
     *
     * <p>Size limits (UTF-8 bytes; also this SDK's addition, docs/threat-model.md#promise-8), each checked before the
     * input is stored or sent to a model, refused with {@code INPUT_TOO_LARGE} and audited {@code input_too_large} with
     * the size only: {@code max_message_bytes} (64 KiB) for an inbound message's text, {@code max_attachment_bytes} (1
     * MiB) for each attachment, {@code max_card_answer_bytes} (4 KiB) for a card answer, {@code max_reply_bytes} (64
     * KiB) for the model's reply, {@code max_plan_bytes} (256 KiB) for a proposed plan's markdown and
     * {@code max_memory_op_bytes} (16 KiB) for one memory operation.
     *
     * @param wsMessagesPerMinutePerScope       inbound messages per minute of one scope (60)
     * @param wsMessagesPerMinutePerIp          inbound web messages per minute of one client address (240)
     * @param messagesPerMinuteTotal            inbound messages per minute of all scopes together (600)
     * @param llmCallsPerMinutePerScope         proxy and planner calls per minute of one scope (30)
     * @param webSearchCallsPerMinutePerScope   web searches per minute of one scope (20)
     * @param memoryOpsPerMinutePerScope        memory operations per minute of one scope (120)
     * @param maxMemoryOpsPerTurn               memory operations one turn may make; the rest are dropped and
     *                                          audited (10)
     * @param maxGateEvalsPerTurn               gate evaluations one turn may make (32)
     * @param suggestionsPerHourPerScope        proactive suggestions per hour of one scope (6)
     * @param autonomyProposalsPerWeekPerScope  autonomy proposals per week of one scope (3)
     * @param cardSubmissionsPerMinutePerScope  card answers per minute of one scope (30)
     * @param maxMessageBytes                   size of an inbound message's text (64 KiB)
     * @param maxAttachmentBytes                size of one attachment (1 MiB)
     * @param maxCardAnswerBytes                size of a card answer (4 KiB)
     * @param maxReplyBytes                     size of the model's reply (64 KiB)
     * @param maxPlanBytes                      size of a proposed plan's markdown (256 KiB)
     * @param maxMemoryOpBytes                  size of one memory operation (16 KiB)
     */
    public record Limits(int wsMessagesPerMinutePerScope, int wsMessagesPerMinutePerIp, int messagesPerMinuteTotal,
                         int llmCallsPerMinutePerScope, int webSearchCallsPerMinutePerScope,
                         int memoryOpsPerMinutePerScope, int maxMemoryOpsPerTurn, int maxGateEvalsPerTurn,
                         int suggestionsPerHourPerScope, int autonomyProposalsPerWeekPerScope,
                         int cardSubmissionsPerMinutePerScope, int maxMessageBytes, int maxAttachmentBytes,
                         int maxCardAnswerBytes, int maxReplyBytes, int maxPlanBytes, int maxMemoryOpBytes) {
        /** {@return the default values} */
        public static Limits defaults() {
            return new Limits(60, 240, 600, 30, 20, 120, 10, 32, 6, 3, 30,
                    64 * 1024, 1024 * 1024, 4 * 1024, 64 * 1024, 256 * 1024, 16 * 1024);
        }
    }

    /**
     * Admission bounds and drain (docs/contracts.md#admission-and-rate-limits, #graceful-drain).
     *
     * @param maxPendingTurnsPerScope per-scope queue (20)
     * @param maxPendingTurnsTotal    global queue (500)
     * @param shutdownGraceSeconds    drain grace for in-flight turns (30)
     */
    public record Backpressure(int maxPendingTurnsPerScope, int maxPendingTurnsTotal, int shutdownGraceSeconds) {
        /** {@return the default values} */
        public static Backpressure defaults() {
            return new Backpressure(20, 500, 30);
        }

        /** {@return the shutdown grace as a {@link java.time.Duration}} */
        public Duration shutdownGrace() {
            return Duration.ofSeconds(shutdownGraceSeconds);
        }
    }

    /**
     * Sandbox defaults (docs/contracts.md#sandboxes-and-executors). {@code verify_dir} and {@code customer_context_dir}
     * must be separate (different canonical paths, neither inside the other); the customer-context dir must lie inside
     * {@code data_dir} and must not be world-writable.
     *
     * @param backend            {@code subprocess} (default) or {@code docker}
     * @param baseImage          image of the docker backend ({@code python:3.12-slim})
     * @param defaultMemoryMb    memory limit (512)
     * @param defaultCpuSeconds  CPU-time limit (60)
     * @param maxOutputBytes     captured output cap per stream (100,000)
     * @param verifyDir          verification work area ({@code ./data/verify})
     * @param customerContextDir customer context area ({@code ./data/customer_context})
     * @param acceptMissing      sandbox guarantees this host accepts running without when it cannot provide them
     *                           ({@code memory_limit}, {@code cpu_limit}, {@code pid_limit}, {@code disk_limit});
     *                           empty by default: a missing guarantee means nothing runs. The subprocess backend
     *                           checks the names and audits every run made without one
     */
    public record Sandbox(SandboxBackend backend, String baseImage, int defaultMemoryMb, int defaultCpuSeconds,
                          int maxOutputBytes, Path verifyDir, Path customerContextDir, List<String> acceptMissing) {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param backend            {
         * @param baseImage          image of the docker backend ({
         * @param defaultMemoryMb    memory limit (512)
         * @param defaultCpuSeconds  CPU-time limit (60)
         * @param maxOutputBytes     captured output cap per stream (100,000)
         * @param verifyDir          verification work area ({
         * @param customerContextDir customer context area ({
         * @param acceptMissing      sandbox guarantees this host accepts running without when it cannot provide them ({
         */
        public Sandbox {
            acceptMissing = copy(acceptMissing);
        }

        /** {@return the default values} */
        public static Sandbox defaults() {
            return new Sandbox(SandboxBackend.SUBPROCESS, "python:3.12-slim", 512, 60, 100_000,
                    Path.of("./data/verify"), Path.of("./data/customer_context"), List.of());
        }

        /** {@return the default cpu time as a {@link java.time.Duration}} */
        public Duration defaultCpuTime() {
            return Duration.ofSeconds(defaultCpuSeconds);
        }
    }

    /**
     * External verification (docs/contracts.md#verification).
     *
     * @param timeoutSeconds default timeout per check (60)
     * @param maxOutputChars output kept in a check result (1,000)
     * @param projectDirs    directories besides {@code sandbox.verify_dir} that {@code file_exists} may see
     */
    public record Verification(int timeoutSeconds, int maxOutputChars, List<Path> projectDirs) {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param timeoutSeconds default timeout per check (60)
         * @param maxOutputChars output kept in a check result (1,000)
         * @param projectDirs    directories besides {
         */
        public Verification {
            projectDirs = copy(projectDirs);
        }

        /** {@return the default values} */
        public static Verification defaults() {
            return new Verification(60, 1_000, List.of());
        }

        /** {@return the timeout as a {@link java.time.Duration}} */
        public Duration timeout() {
            return Duration.ofSeconds(timeoutSeconds);
        }
    }

    /**
     * Approval tokens (docs/contracts.md#keys-approvals-and-nonces). Every approval needs an explicit tap; the file format's
     * {@code auto_approve_risk_levels} and {@code scope_min_strength} are not supported.
     *
     * @param defaultTtlMinutes token lifetime (30)
     * @param maxExecutions     executions of a single-use token (1)
     */
    public record Approval(int defaultTtlMinutes, int maxExecutions) {
        /**
         * Executions of a standing token unless the approval engine's builder or the calibrated autonomy
         * thresholds say otherwise (not a config key: standing approvals are widened only through an approved
         * autonomy change).
         */
        public static final int DEFAULT_STANDING_MAX_EXECUTIONS = 10;

        /** {@return the default values} */
        public static Approval defaults() {
            return new Approval(30, 1);
        }

        /** {@return the default ttl as a {@link java.time.Duration}} */
        public Duration defaultTtl() {
            return Duration.ofMinutes(defaultTtlMinutes);
        }
    }

    /**
     * Nonce retention. {@code ttl_minutes} must be at least the approval TTL plus a 10-minute buffer and more
     * than twice the message freshness window (a message stamped a full window in the future stays
     * acceptable for two windows after its nonce was recorded).
     *
     * @param ttlMinutes           retention (40 = 30 min token TTL + 10 min buffer)
     * @param pruneIntervalMinutes prune cadence (10)
     */
    public record NonceStore(int ttlMinutes, int pruneIntervalMinutes) {
        /** Buffer kept beyond the longest token TTL. */
        public static final int TTL_BUFFER_MINUTES = 10;

        /** {@return the default values} */
        public static NonceStore defaults() {
            return new NonceStore(40, 10);
        }

        /** {@return the ttl as a {@link java.time.Duration}} */
        public Duration ttl() {
            return Duration.ofMinutes(ttlMinutes);
        }

        /** {@return the prune interval as a {@link java.time.Duration}} */
        public Duration pruneInterval() {
            return Duration.ofMinutes(pruneIntervalMinutes);
        }
    }

    /**
     * Inbound signed-message trust (docs/contracts.md#inbound-message-trust, docs/owner-message-signing.md).
     *
     * @param freshnessWindowMinutes accepted timestamp skew of a signed owner message, in both directions (5)
     */
    public record MessageTrust(int freshnessWindowMinutes) {
        /** {@return the default values} */
        public static MessageTrust defaults() {
            return new MessageTrust(5);
        }

        /** {@return the freshness window as a {@link java.time.Duration}} */
        public Duration freshnessWindow() {
            return Duration.ofMinutes(freshnessWindowMinutes);
        }
    }

    /**
     * Connections (docs/contracts.md#connections).
     *
     * @param healthCheckDefault   5-field cron of health checks ({@code "*}{@code /30 * * * *"})
     * @param autoRecoveryEnabled  try refresh/recover before failing (true)
     * @param recoveryMaxAttempts  recovery attempts (3)
     * @param refreshAheadMinutes  refresh a token this long before it expires (10)
     */
    public record Connections(String healthCheckDefault, boolean autoRecoveryEnabled, int recoveryMaxAttempts,
                              int refreshAheadMinutes) {
        /** {@return the default values} */
        public static Connections defaults() {
            return new Connections("*/30 * * * *", true, 3, 10);
        }

        /** {@return the refresh ahead as a {@link java.time.Duration}} */
        public Duration refreshAhead() {
            return Duration.ofMinutes(refreshAheadMinutes);
        }
    }

    /**
     * Batch review (docs/contracts.md#batch-review). {@code confidence.high_min} may not go below
     * {@code autonomy.min_high_confidence}.
     *
     * @param defaultSize items per batch card (10)
     * @param confidence  confidence bands of batch items
     */
    public record BatchReview(int defaultSize, Confidence confidence) {
        /** {@return the default values} */
        public static BatchReview defaults() {
            return new BatchReview(10, new Confidence(0.85, 0.50));
        }

        /**
         * Confidence bands of batch items.
         *
         * @param highMin   lowest confidence counted as high (0.85)
         * @param mediumMin lowest confidence counted as medium (0.50)
         */
        public record Confidence(double highMin, double mediumMin) {
        }
    }

    /**
     * Autonomy calibration (docs/contracts.md#batch-review, #proactivity-and-autonomy). The weekly proposal cap lives
     * in
     * {@code limits.autonomy_proposals_per_week_per_scope}.
     *
     * @param enabled                  whether autonomy proposals are made (true)
     * @param minSamples               no proposal below this many actions (30)
     * @param windowActions            window size in actions (50)
     * @param windowDays               window size in days (14)
     * @param widenCorrectionRateMax   widen when the correction rate is at most this (0.05)
     * @param tightenCorrectionRateMin tighten when it is at least this (0.20); must exceed the widen threshold
     * @param hysteresisDelta          hysteresis (0.05)
     * @param maxStandingExecutions    hard cap on standing-token executions (100)
     * @param maxBatchReviewSize       hard cap on batch size (50); at least {@code batch_review.default_size}
     * @param minHighConfidence        floor of {@code batch_review.confidence.high_min} (0.70)
     */
    public record Autonomy(boolean enabled, int minSamples, int windowActions, int windowDays,
                           double widenCorrectionRateMax, double tightenCorrectionRateMin, double hysteresisDelta,
                           int maxStandingExecutions, int maxBatchReviewSize, double minHighConfidence) {
        /** {@return the default values} */
        public static Autonomy defaults() {
            return new Autonomy(true, 30, 50, 14, 0.05, 0.20, 0.05, 100, 50, 0.70);
        }

        /** {@return the window as a {@link java.time.Duration}} */
        public Duration window() {
            return Duration.ofDays(windowDays);
        }
    }

    /**
     * Gates (docs/contracts.md#gates). {@code system} holds the global gate definitions, kept as deeply immutable
     * maps for the gate package to parse (each needs a unique, non-blank {@code name}); the default is none
     * (the usual example gates use a provider this SDK does not ship).
     *
     * @param system         global gate definitions, run before every work item's own gates
     * @param llmDefaults    defaults of {@code llm} gates
     * @param scriptDefaults defaults of {@code script} gates
     */
    public record Gates(List<Map<String, Object>> system, LlmDefaults llmDefaults, ScriptDefaults scriptDefaults) {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param system         global gate definitions, run before every work item's own gates
         * @param llmDefaults    defaults of {
         * @param scriptDefaults defaults of {
         */
        public Gates {
            system = system == null ? List.of() : deepCopyList(system);
        }

        /** {@return the default values} */
        public static Gates defaults() {
            return new Gates(List.of(), LlmDefaults.defaults(), ScriptDefaults.defaults());
        }

        /**
         * Defaults of LLM gates.
         *
         * @param model          model name handed to the host's LLM backend; default none (host decides)
         * @param temperature    sampling temperature (0.0)
         * @param timeoutSeconds call timeout (8)
         * @param maxTokens      answer cap (256)
         */
        public record LlmDefaults(@Nullable String model, double temperature, int timeoutSeconds, int maxTokens) {
            /** {@return the default values} */
            public static LlmDefaults defaults() {
                return new LlmDefaults(null, 0.0, 8, 256);
            }

            /** {@return the timeout as a {@link java.time.Duration}} */
            public Duration timeout() {
                return Duration.ofSeconds(timeoutSeconds);
            }
        }

        /**
         * Defaults of script gates.
         *
         * @param timeoutSeconds how long a gate script may run (30)
         */
        public record ScriptDefaults(int timeoutSeconds) {
            /** {@return the default values} */
            public static ScriptDefaults defaults() {
                return new ScriptDefaults(30);
            }

            /** {@return the timeout as a {@link java.time.Duration}} */
            public Duration timeout() {
                return Duration.ofSeconds(timeoutSeconds);
            }
        }
    }

    /**
     * The scheduler of cron jobs (goal schedules, heartbeats, health checks).
     *
     * @param enabled  whether scheduled jobs run (true)
     * @param timezone IANA time zone of cron expressions ({@code Europe/Vienna})
     */
    public record Scheduler(boolean enabled, String timezone) {
        /** {@return the default values} */
        public static Scheduler defaults() {
            return new Scheduler(true, "Europe/Vienna");
        }

        /** {@return the time zone; valid once the enclosing config validated} */
        public ZoneId zoneId() {
            return ZoneId.of(timezone);
        }
    }

    /**
     * Skill installation (docs/contracts.md#skills): description lint bounds and the import policy.
     *
     * @param validation lint rules of a skill's description
     * @param imports    where skills may be imported from ({@code import})
     */
    public record Skills(Validation validation, @JsonProperty("import") Import imports) {
        /** {@return the default values} */
        public static Skills defaults() {
            return new Skills(new Validation(24, 1024, true, true),
                    new Import(true, List.of("github", "local_path"), true));
        }

        /**
         * Lint rules of a skill's description.
         *
         * @param descriptionMinChars           shortest description (24)
         * @param descriptionMaxChars           longest description (1,024)
         * @param failOnProcessHeavyDescription reject a description that reads like a procedure (true)
         * @param forbidUndeclaredEnv           reject scripts that read environment variables the skill does not
         *                                      declare (true)
         */
        public record Validation(int descriptionMinChars, int descriptionMaxChars,
                                 boolean failOnProcessHeavyDescription, boolean forbidUndeclaredEnv) {
        }

        /**
         * Import of skills written elsewhere.
         *
         * @param allowExternal          whether external skills may be imported (true)
         * @param allowedSources         where from ({@code github}, {@code local_path})
         * @param requireTransformReport an import must come with a report of what was changed (true)
         */
        public record Import(boolean allowExternal, List<String> allowedSources, boolean requireTransformReport) {
            /**
             * Checks and normalises the components; see the record documentation.
             *
             * @param allowExternal          whether external skills may be imported (true)
             * @param allowedSources         where from ({
             * @param requireTransformReport an import must come with a report of what was changed (true) /
 public
             */
            public Import {
                allowedSources = copy(allowedSources);
            }
        }
    }

    private static <T> List<T> copy(@Nullable List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    private static <K, V> Map<K, V> copy(@Nullable Map<K, V> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }

    private static List<Map<String, Object>> deepCopyList(List<Map<String, Object>> maps) {
        List<Map<String, Object>> out = new ArrayList<>(maps.size());
        for (Map<String, Object> m : maps) {
            out.add(m == null ? null : deepCopyMap(m));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> deepCopyMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), deepCopyValue(v)));
        return Collections.unmodifiableMap(out);
    }

    private static @Nullable Object deepCopyValue(@Nullable Object value) {
        if (value instanceof Map<?, ?> m) {
            return deepCopyMap(m);
        }
        if (value instanceof List<?> l) {
            List<@Nullable Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(deepCopyValue(v)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }
}
