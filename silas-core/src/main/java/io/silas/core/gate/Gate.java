package io.silas.core.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import io.silas.core.error.SilasException;
import io.silas.core.json.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A gate: the unified primitive for guardrails, approval flows, mid-execution checks and access control
 * (docs/contracts.md#gates). A gate checks a value and decides continue, block or require approval. Gates are part of a
 * work item's plan hash, so an approved gate set cannot be changed silently.
 *
 * <p>{@code provider} is an open name (built-ins: {@value #PROVIDER_PREDICATE}, {@value #PROVIDER_SCRIPT},
 * {@value #PROVIDER_LLM}, {@value #PROVIDER_GUARDRAILS_AI}, {@value #PROVIDER_CUSTOM}; hosts register more)
 * of lower-case letters, digits, {@code _ . -}. {@code config} holds provider-specific settings; the fixed
 * fields of docs/plan-format.md are typed. Defaults: provider {@code predicate}, type {@code string_match}, on_block
 * {@code report}, promote_to_policy false. Immutable and thread-safe ({@link #config()} returns copies).
 *
 * <p><b>Security guarantees:</b> {@link #lane()} is derived, never configured: only an {@code llm} gate
 * without {@code promote_to_policy} is advisory; every other gate is a blocking policy gate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(builder = Gate.Builder.class)
public record Gate(String name,
                   @JsonProperty("on") GateTrigger trigger,
                   @Nullable Integer afterStep,
                   String provider,
                   GateType type,
                   @Nullable String check,
                   Map<String, JsonNode> config,
                   @Nullable String extract,
                   @Nullable NumericRange autoApprove,
                   @Nullable NumericRange requireApproval,
                   @Nullable BlockRange block,
                   List<String> allowedValues,
                   List<String> approvalValues,
                   String onBlock,
                   @Nullable String checkCommand,
                   @Nullable Expectation checkExpect,
                   boolean promoteToPolicy) {
    /** Provider predicate ({@value}). */
    public static final String PROVIDER_PREDICATE = "predicate";
    /** Provider script ({@value}). */
    public static final String PROVIDER_SCRIPT = "script";
    /** Provider llm ({@value}). */
    public static final String PROVIDER_LLM = "llm";
    /** Provider guardrails ai ({@value}). */
    public static final String PROVIDER_GUARDRAILS_AI = "guardrails_ai";
    /** Provider custom ({@value}). */
    public static final String PROVIDER_CUSTOM = "custom";
    /** Default on block ({@value}). */
    public static final String DEFAULT_ON_BLOCK = "report";

    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param name            the name
     * @param trigger         the trigger
     * @param afterStep       the after step
     * @param provider        provider name, e.g. {@code tavily}; default none (search disabled)
     * @param type            the type
     * @param check           the check
     * @param config          the configuration
     * @param extract         the extract
     * @param autoApprove     the auto approve
     * @param requireApproval the require approval
     * @param block           the block
     * @param allowedValues   the allowed values
     * @param approvalValues  the approval values
     * @param onBlock         the on block
     * @param checkCommand    the check command
     * @param checkExpect     the check expect
     * @param promoteToPolicy the promote to policy
     */
    public Gate {
        if (name == null || name.isBlank()) {
            throw SilasException.invalid("gates.name", "must not be blank");
        }
        if (trigger == null) {
            throw SilasException.invalid("gates.on", "is required");
        }
        if (afterStep != null && afterStep < 0) {
            throw SilasException.invalid("gates.after_step", "must be >= 0");
        }
        if (afterStep != null && trigger != GateTrigger.AFTER_STEP) {
            throw SilasException.invalid("gates.after_step", "only applies to trigger after_step");
        }
        provider = provider == null ? PROVIDER_PREDICATE : provider;
        if (!PROVIDER_NAME.matcher(provider).matches()) {
            throw SilasException.invalid("gates.provider", "must match " + PROVIDER_NAME.pattern());
        }
        type = type == null ? GateType.STRING_MATCH : type;
        config = JsonValues.copyIn(config, "gates.config");
        allowedValues = strings(allowedValues, "gates.allowed_values");
        approvalValues = strings(approvalValues, "gates.approval_values");
        onBlock = onBlock == null ? DEFAULT_ON_BLOCK : onBlock;
        if (onBlock.isBlank()) {
            throw SilasException.invalid("gates.on_block", "must not be blank");
        }
    }

    /**
     * Starts a gate with the given name and trigger; everything else takes its default.
     *
     * @param name the name
     * @param trigger the trigger
     * @return the builder
     */
    public static Builder builder(String name, GateTrigger trigger) {
        return new Builder().name(name).trigger(trigger);
    }

    /** {@return a builder pre-filled with this gate's values} */
    public Builder toBuilder() {
        return new Builder().name(name).trigger(trigger).afterStep(afterStep).provider(provider).type(type)
                .check(check).config(config).extract(extract).autoApprove(autoApprove)
                .requireApproval(requireApproval).block(block).allowedValues(allowedValues)
                .approvalValues(approvalValues).onBlock(onBlock).checkCommand(checkCommand)
                .checkExpect(checkExpect).promoteToPolicy(promoteToPolicy);
    }

    /**
     * Provider-specific configuration (a deep copy; mutating it does not change the gate).
     *
     * @return the json node>
     */
    @Override
    public Map<String, JsonNode> config() {
        return JsonValues.copyOut(config);
    }

    /**
     * {@return one provider setting (a deep copy), or null when unset: what providers read on every evaluation, without
     * copying the whole {@link #config()}}
     *
     * @param key the key
     */
    public @Nullable JsonNode configValue(String key) {
        if (key == null) {
            throw SilasException.invalid("key", "must not be null");
        }
        JsonNode value = config.get(key);
        return value == null ? null : value.deepCopy();
    }

    /** {@return the lane this gate runs in: quality for an unpromoted {@code llm} gate, policy otherwise} */
    public GateLane lane() {
        return PROVIDER_LLM.equals(provider) && !promoteToPolicy ? GateLane.QUALITY : GateLane.POLICY;
    }

    private static List<String> strings(@Nullable List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (String v : values) {
            if (v == null) {
                throw SilasException.invalid(field, "entries must not be null");
            }
        }
        return List.copyOf(values);
    }

    /** Fluent builder; also the JSON/YAML reader (missing fields take their defaults). Not thread-safe. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private @Nullable String name;
        private @Nullable GateTrigger trigger;
        private @Nullable Integer afterStep;
        private @Nullable String provider;
        private @Nullable GateType type;
        private @Nullable String check;
        private @Nullable Map<String, JsonNode> config;
        private @Nullable String extract;
        private @Nullable NumericRange autoApprove;
        private @Nullable NumericRange requireApproval;
        private @Nullable BlockRange block;
        private @Nullable List<String> allowedValues;
        private @Nullable List<String> approvalValues;
        private @Nullable String onBlock;
        private @Nullable String checkCommand;
        private @Nullable Expectation checkExpect;
        private boolean promoteToPolicy;

        Builder() {
        }

        /**
         * Sets the name.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder name(@Nullable String value) {
            this.name = value;
            return this;
        }

        /**
         * {@return the trigger}
         *
         * @param value the new value
         */
        @JsonProperty("on")
        public Builder trigger(@Nullable GateTrigger value) {
            this.trigger = value;
            return this;
        }

        /**
         * Sets the after step.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder afterStep(@Nullable Integer value) {
            this.afterStep = value;
            return this;
        }

        /**
         * Sets the provider.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder provider(@Nullable String value) {
            this.provider = value;
            return this;
        }

        /**
         * Sets the type.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder type(@Nullable GateType value) {
            this.type = value;
            return this;
        }

        /**
         * Sets the check.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder check(@Nullable String value) {
            this.check = value;
            return this;
        }

        /**
         * Sets the config.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder config(@Nullable Map<String, JsonNode> value) {
            this.config = value;
            return this;
        }

        /**
         * Sets the extract.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder extract(@Nullable String value) {
            this.extract = value;
            return this;
        }

        /**
         * Sets the auto approve.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder autoApprove(@Nullable NumericRange value) {
            this.autoApprove = value;
            return this;
        }

        /**
         * Sets the require approval.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder requireApproval(@Nullable NumericRange value) {
            this.requireApproval = value;
            return this;
        }

        /**
         * Sets the block.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder block(@Nullable BlockRange value) {
            this.block = value;
            return this;
        }

        /**
         * Sets the allowed values.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder allowedValues(@Nullable List<String> value) {
            this.allowedValues = value;
            return this;
        }

        /**
         * Sets the approval values.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder approvalValues(@Nullable List<String> value) {
            this.approvalValues = value;
            return this;
        }

        /**
         * Sets the on block.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder onBlock(@Nullable String value) {
            this.onBlock = value;
            return this;
        }

        /**
         * Sets the check command.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder checkCommand(@Nullable String value) {
            this.checkCommand = value;
            return this;
        }

        /**
         * Sets the check expect.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder checkExpect(@Nullable Expectation value) {
            this.checkExpect = value;
            return this;
        }

        /**
         * Sets the promote to policy.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder promoteToPolicy(@Nullable Boolean value) {
            this.promoteToPolicy = value != null && value;
            return this;
        }

        /** {@return the instance built from this builder's values} */
        public Gate build() {
            return new Gate(name, trigger, afterStep, provider, type, check, config, extract, autoApprove,
                    requireApproval, block, allowedValues, approvalValues, onBlock, checkCommand, checkExpect,
                    promoteToPolicy);
        }
    }
}
