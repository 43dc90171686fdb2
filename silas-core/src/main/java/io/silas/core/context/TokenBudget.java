package io.silas.core.context;

import static io.silas.core.error.Checks.nonBlank;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The token limits of one context window and its registry of {@link ContextProfile}s (docs/contracts.md#context-window,
 * docs/configuration.md
 * {@code context}). Immutable; {@link #defaults()} returns the documented defaults.
 *
 * <p>Java shape: {@code profiles} is a name-sorted map whose keys must equal each profile's {@link
 * ContextProfile#name()}; {@code default_profile} must be one of its keys. JSON/YAML input also accepts the
 * configuration's shape (docs/configuration.md#context): {@code total_tokens} for {@code total}, profile names implied
 * by their map keys, and every missing field taking its {@link #defaults() default}.
 *
 * @param total whole context window, {@code > 0}
 * @param systemMax fixed cap of the system zone, {@code 0..total}
 * @param skillMetadataBudgetPct share of {@code total} for unactivated skill metadata, {@code 0..0.10}
 * @param evictionThresholdPct usage share that triggers two-tier eviction, {@code (0, 1]}
 * @param scorerThresholdPct usage share that triggers scorer-model eviction, {@code (0, 1]}
 * @param maxSubscriptionTokens largest single subscription materialisation, {@code > 0}
 * @param subscriptionTtlTurns turns without reference before a subscription is deactivated, {@code > 0}
 * @param observationMaskAfterTurns tool results older than this many turns are masked, {@code >= 0}
 * @param profiles named budget profiles, not empty
 * @param defaultProfile profile used when routing names none
 */
public record TokenBudget(
        int total,
        int systemMax,
        double skillMetadataBudgetPct,
        double evictionThresholdPct,
        double scorerThresholdPct,
        int maxSubscriptionTokens,
        int subscriptionTtlTurns,
        int observationMaskAfterTurns,
        Map<String, ContextProfile> profiles,
        String defaultProfile) {

    /** Upper bound of {@code skill_metadata_budget_pct} (docs/configuration.md). */
    public static final double MAX_SKILL_METADATA_PCT = 0.10;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param total                     whole context window, {
     * @param systemMax                 fixed cap of the system zone, {
     * @param skillMetadataBudgetPct    share of {
     * @param evictionThresholdPct      usage share that triggers two-tier eviction, {
     * @param scorerThresholdPct        usage share that triggers scorer-model eviction, {
     * @param maxSubscriptionTokens     largest single subscription materialisation, {
     * @param subscriptionTtlTurns      turns without reference before a subscription is deactivated, {
     * @param observationMaskAfterTurns tool results older than this many turns are masked, {
     * @param profiles                  named budget profiles, not empty
     * @param defaultProfile            profile used when routing names none /
public
     */
    public TokenBudget {
        if (total <= 0) {
            throw SilasException.invalid("total", "must be > 0");
        }
        if (systemMax < 0 || systemMax > total) {
            throw SilasException.invalid("system_max", "must be within [0, total]");
        }
        if (!(skillMetadataBudgetPct >= 0.0 && skillMetadataBudgetPct <= MAX_SKILL_METADATA_PCT)) {
            throw SilasException.invalid("skill_metadata_budget_pct", "must be within [0.0, 0.10]");
        }
        threshold(evictionThresholdPct, "eviction_threshold_pct");
        threshold(scorerThresholdPct, "scorer_threshold_pct");
        if (maxSubscriptionTokens <= 0) {
            throw SilasException.invalid("max_subscription_tokens", "must be > 0");
        }
        if (subscriptionTtlTurns <= 0) {
            throw SilasException.invalid("subscription_ttl_turns", "must be > 0");
        }
        if (observationMaskAfterTurns < 0) {
            throw SilasException.invalid("observation_mask_after_turns", "must be >= 0");
        }
        if (profiles == null || profiles.isEmpty()) {
            throw SilasException.invalid("profiles", "must define at least one profile");
        }
        TreeMap<String, ContextProfile> sorted = new TreeMap<>();
        profiles.forEach((key, profile) -> {
            if (profile == null || !profile.name().equals(key)) {
                throw SilasException.invalid("profiles." + key, "key must equal the profile's name");
            }
            sorted.put(key, profile);
        });
        profiles = Collections.unmodifiableMap(sorted);
        nonBlank(defaultProfile, "default_profile");
        if (!profiles.containsKey(defaultProfile)) {
            throw SilasException.invalid("default_profile", "'" + defaultProfile + "' is not a configured profile");
        }
    }

    private static void threshold(double value, String field) {
        if (!(value > 0.0 && value <= 1.0)) {
            throw SilasException.invalid(field, "must be within (0.0, 1.0]");
        }
    }

    /**
     * {@return the defaults: 180,000 tokens, system cap 8,000, skill metadata 2%, eviction at 80%, scorer at 90%,
     * subscriptions up to 2,000 tokens and 10 idle turns, masking after 5 turns, and the profiles
     * {@code conversation} (default; 0.45/0.20/0.15), {@code coding} (0.20/0.20/0.40), {@code research}
     * (0.20/0.40/0.20) and {@code support} (0.40/0.25/0.15) as chronicle/memory/workspace shares}
     */
    public static TokenBudget defaults() {
        return new TokenBudget(180_000, 8_000, 0.02, 0.80, 0.90, 2_000, 10, 5, Map.of(
                "conversation", new ContextProfile("conversation", 0.45, 0.20, 0.15),
                "coding", new ContextProfile("coding", 0.20, 0.20, 0.40),
                "research", new ContextProfile("research", 0.20, 0.40, 0.20),
                "support", new ContextProfile("support", 0.40, 0.25, 0.15)), "conversation");
    }

    /**
     * Looks a profile up by name.
     *
     * @param name the name
     * @return the result, if any
     */
    public Optional<ContextProfile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    /**
     * {@code max(total - min(systemZoneTokens, systemMax), 0)}: the budget the profile shares apply to
     * (docs/contracts.md#context-window).
     *
     * @param systemZoneTokens the system zone tokens
     * @return the int
     */
    public int allocable(int systemZoneTokens) {
        if (systemZoneTokens < 0) {
            throw SilasException.invalid("system_zone_tokens", "must be >= 0");
        }
        return Math.max(total - Math.min(systemZoneTokens, systemMax), 0);
    }

    @JsonCreator
    static TokenBudget fromJson(@JsonProperty("total") @JsonAlias("total_tokens") @Nullable Integer total,
                                @JsonProperty("system_max") @Nullable Integer systemMax,
                                @JsonProperty("skill_metadata_budget_pct") @Nullable Double skillMetadataBudgetPct,
                                @JsonProperty("eviction_threshold_pct") @Nullable Double evictionThresholdPct,
                                @JsonProperty("scorer_threshold_pct") @Nullable Double scorerThresholdPct,
                                @JsonProperty("max_subscription_tokens") @Nullable Integer maxSubscriptionTokens,
                                @JsonProperty("subscription_ttl_turns") @Nullable Integer subscriptionTtlTurns,
                                @JsonProperty("observation_mask_after_turns") @Nullable Integer maskAfterTurns,
                                @JsonProperty("profiles") @Nullable Map<String, JsonNode> profiles,
                                @JsonProperty("default_profile") @Nullable String defaultProfile) {
        TokenBudget d = defaults();
        return new TokenBudget(or(total, d.total), or(systemMax, d.systemMax),
                or(skillMetadataBudgetPct, d.skillMetadataBudgetPct), or(evictionThresholdPct, d.evictionThresholdPct),
                or(scorerThresholdPct, d.scorerThresholdPct), or(maxSubscriptionTokens, d.maxSubscriptionTokens),
                or(subscriptionTtlTurns, d.subscriptionTtlTurns), or(maskAfterTurns, d.observationMaskAfterTurns),
                profiles == null ? d.profiles : namedProfiles(profiles), or(defaultProfile, d.defaultProfile));
    }

    private static <T> T or(@Nullable T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Reads each profile, taking its name from the map key when the entry does not state one. */
    private static Map<String, ContextProfile> namedProfiles(Map<String, JsonNode> nodes) {
        TreeMap<String, ContextProfile> profiles = new TreeMap<>();
        nodes.forEach((key, node) -> {
            if (!(node instanceof ObjectNode object)) {
                throw SilasException.invalid("profiles." + key, "must be an object");
            }
            ObjectNode named = object.deepCopy();
            if (!named.hasNonNull("name")) {
                named.put("name", key);
            }
            profiles.put(key, Json.convert(named, ContextProfile.class));
        });
        return profiles;
    }
}
