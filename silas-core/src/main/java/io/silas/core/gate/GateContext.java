package io.silas.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.error.SilasException;
import io.silas.core.json.JsonValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a gate looks at (docs/contracts.md#gates): a typed record instead of an untyped context map.
 *
 * <p>Fixed fields: the inbound {@code message}, the agent {@code response}, the {@code sender_id}, the
 * {@code tool_name} and {@code tool_args} (a JSON object, empty when no tool call is checked), the
 * {@code step_output} and {@code step_index} of a completed plan step. {@code values} holds any further named
 * values a host wants gates to see; their keys are snake_case ({@code [a-z][a-z0-9_]{0,63}}) and must not
 * shadow a fixed field. Every name is resolvable through {@link #value(String)}, which also understands
 * {@code tool_args.<arg>}; {@link #namedValues()} lists them all (this is what script gates receive).
 *
 * <p>Immutable and thread-safe: JSON values are copied in and out. Null means "absent" for the optional
 * fields.
 *
 * <p><b>Security guarantees:</b> the only changes a gate can make go through the allowlisted mutation API —
 * {@link #withResponse}, {@link #withMessage}, {@link #mergeToolArgs} and {@link #apply(String, JsonNode)},
 * which accepts exactly the keys in {@link #ALLOWED_MUTATIONS} with the right JSON type. Identity
 * ({@code sender_id}), the tool name, step data and host values cannot be rewritten by a gate.
 */
public record GateContext(@Nullable String message,
                          @Nullable String response,
                          @Nullable String senderId,
                          @Nullable String toolName,
                          ObjectNode toolArgs,
                          @Nullable String stepOutput,
                          @Nullable Integer stepIndex,
                          Map<String, JsonNode> values) {
    /** Mutation key: rewrite the agent response (string). */
    public static final String RESPONSE = "response";
    /** Mutation key: rewrite the inbound message (string). */
    public static final String MESSAGE = "message";
    /** Mutation key: shallow-merge into the tool arguments (object). */
    public static final String TOOL_ARGS = "tool_args";
    /** Sender id ({@value}). */
    public static final String SENDER_ID = "sender_id";
    /** Tool name ({@value}). */
    public static final String TOOL_NAME = "tool_name";
    /** Step output ({@value}). */
    public static final String STEP_OUTPUT = "step_output";
    /** Step index ({@value}). */
    public static final String STEP_INDEX = "step_index";
    /** The only keys a gate's {@code modified_context} may carry (docs/contracts.md#gates). */
    public static final Set<String> ALLOWED_MUTATIONS = Set.of(RESPONSE, MESSAGE, TOOL_ARGS);

    private static final Set<String> FIXED = Set.of(MESSAGE, RESPONSE, SENDER_ID, TOOL_NAME, TOOL_ARGS, STEP_OUTPUT,
            STEP_INDEX);
    private static final Pattern VALUE_KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final String TOOL_ARG_PREFIX = TOOL_ARGS + ".";
    private static final GateContext EMPTY = new GateContext(null, null, null, null, null, null, null, null);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param message    the message
     * @param response   the immediate response (direct routes only)
     * @param senderId   sender identifier within the channel
     * @param toolName   the tool
     * @param toolArgs   the tool args
     * @param stepOutput the step output
     * @param stepIndex  step index within the plan (0-based)
     * @param values     the values
     */
    public GateContext {
        toolArgs = toolArgs == null ? JsonNodeFactory.instance.objectNode() : toolArgs.deepCopy();
        if (stepIndex != null && stepIndex < 0) {
            throw SilasException.invalid("step_index", "must be >= 0");
        }
        values = copyValues(values);
    }

    /** {@return a context with no values} */
    public static GateContext empty() {
        return EMPTY;
    }

    /**
     * {@return a context for input gates ({@code every_user_message})}
     *
     * @param senderId sender identifier within the channel
     * @param message the message
     */
    public static GateContext forMessage(@Nullable String senderId, String message) {
        return builder().senderId(senderId).message(message).build();
    }

    /**
     * {@return a context for output gates ({@code every_agent_response})}
     *
     * @param senderId sender identifier within the channel
     * @param response the immediate response (direct routes only)
     */
    public static GateContext forResponse(@Nullable String senderId, String response) {
        return builder().senderId(senderId).response(response).build();
    }

    /**
     * {@return a context for tool-call gates ({@code on_tool_call})}
     *
     * @param toolName the tool
     * @param toolArgs the tool args
     */
    public static GateContext forToolCall(String toolName, ObjectNode toolArgs) {
        return builder().toolName(toolName).toolArgs(toolArgs).build();
    }

    /**
     * {@return a context for mid-execution gates ({@code after_step})}
     *
     * @param stepIndex step index within the plan (0-based)
     * @param stepOutput the step output
     */
    public static GateContext forStep(int stepIndex, String stepOutput) {
        return builder().stepIndex(stepIndex).stepOutput(stepOutput).build();
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder pre-filled with this context's values (for the host, not for gates)} */
    public Builder toBuilder() {
        Builder b = new Builder().message(message).response(response).senderId(senderId).toolName(toolName)
                .toolArgs(toolArgs).stepOutput(stepOutput).stepIndex(stepIndex);
        values.forEach(b::value);
        return b;
    }

    /** {@return the tool arguments (a copy; empty when none)} */
    @Override
    public ObjectNode toolArgs() {
        return toolArgs.deepCopy();
    }

    /**
     * Host-supplied named values (a deep copy).
     *
     * @return the json node>
     */
    @Override
    public Map<String, JsonNode> values() {
        return JsonValues.copyOut(values);
    }

    /**
     * Allowlisted mutation: the agent response rewritten (for example after PII redaction).
     *
     * @param newResponse the new response
     * @return the gate context
     */
    public GateContext withResponse(String newResponse) {
        requireText(newResponse, RESPONSE);
        return new GateContext(message, newResponse, senderId, toolName, toolArgs, stepOutput, stepIndex, values);
    }

    /**
     * Allowlisted mutation: the inbound message rewritten (for example after normalisation).
     *
     * @param newMessage the new message
     * @return the gate context
     */
    public GateContext withMessage(String newMessage) {
        requireText(newMessage, MESSAGE);
        return new GateContext(newMessage, response, senderId, toolName, toolArgs, stepOutput, stepIndex, values);
    }

    /**
     * Allowlisted mutation: shallow-merges {@code patch} into the tool arguments (patch keys win).
     *
     * @param patch the patch
     * @return the gate context
     */
    public GateContext mergeToolArgs(ObjectNode patch) {
        if (patch == null) {
            throw SilasException.invalid(TOOL_ARGS, "must be a JSON object");
        }
        ObjectNode merged = toolArgs.deepCopy();
        patch.properties().forEach(e -> merged.set(e.getKey(), e.getValue().deepCopy()));
        return new GateContext(message, response, senderId, toolName, merged, stepOutput, stepIndex, values);
    }

    /**
     * Applies one {@code modified_context} entry.
     *
     * @param key the key
     * @param value the new value
     * @return the gate context
     * @throws SilasException {@code INVALID_INPUT} when {@link #checkMutation} rejects the entry
     */
    public GateContext apply(String key, @Nullable JsonNode value) {
        Optional<String> problem = checkMutation(key, value);
        if (problem.isPresent()) {
            throw SilasException.invalid("modified_context." + key, problem.get());
        }
        return switch (key) {
            case RESPONSE -> withResponse(value.textValue());
            case MESSAGE -> withMessage(value.textValue());
            default -> mergeToolArgs((ObjectNode) value);
        };
    }

    /**
     * Why a {@code modified_context} entry would be rejected, or empty when {@link #apply} accepts it: the key
     * must be in {@link #ALLOWED_MUTATIONS}; {@code response}/{@code message} need a string, {@code tool_args}
     * an object.
     *
     * @param key the key
     * @param value the new value
     * @return the result, if any
     */
    public static Optional<String> checkMutation(@Nullable String key, @Nullable JsonNode value) {
        if (key == null || !ALLOWED_MUTATIONS.contains(key)) {
            return Optional.of("key not in the mutation allowlist");
        }
        boolean ok = TOOL_ARGS.equals(key) ? value instanceof ObjectNode : value != null && value.isTextual();
        return ok ? Optional.empty()
                : Optional.of(TOOL_ARGS.equals(key) ? "must be a JSON object" : "must be a string");
    }

    /**
     * Resolves a named value: a fixed field by its snake_case name, {@code tool_args.<arg>} for one tool
     * argument, or a host value. Empty when absent. The returned node is a copy.
     *
     * @param name the name
     * @return the result, if any
     */
    public Optional<JsonNode> value(String name) {
        if (name == null) {
            return Optional.empty();
        }
        switch (name) {
            case MESSAGE: return text(message);
            case RESPONSE: return text(response);
            case SENDER_ID: return text(senderId);
            case TOOL_NAME: return text(toolName);
            case STEP_OUTPUT: return text(stepOutput);
            case STEP_INDEX: return stepIndex == null ? Optional.empty() : Optional.of(IntNode.valueOf(stepIndex));
            case TOOL_ARGS: return Optional.of(toolArgs.deepCopy());
            default:
                break;
        }
        JsonNode found = name.startsWith(TOOL_ARG_PREFIX)
                ? toolArgs.get(name.substring(TOOL_ARG_PREFIX.length()))
                : values.get(name);
        return found == null || found.isNull() ? Optional.empty() : Optional.of(found.deepCopy());
    }

    /**
     * {@return the value of one tool argument, as {@code value("tool_args." + arg)} returns it but without the
     * {@code Optional}: null when absent or JSON null} Gate runners that resolved a gate's key once use it per check.
     *
     * @param arg the arg
     */
    public @Nullable JsonNode toolArg(String arg) {
        JsonNode found = arg == null ? null : toolArgs.get(arg);
        return found == null || found.isNull() ? null : found.deepCopy();
    }

    /**
     * {@return every present value by name, fixed fields first then host values (copies, insertion-ordered)} Absent
     * optional fields are left out; {@code tool_args} is always present.
     */
    public Map<String, JsonNode> namedValues() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        putText(all, MESSAGE, message);
        putText(all, RESPONSE, response);
        putText(all, SENDER_ID, senderId);
        putText(all, TOOL_NAME, toolName);
        all.put(TOOL_ARGS, toolArgs.deepCopy());
        putText(all, STEP_OUTPUT, stepOutput);
        if (stepIndex != null) {
            all.put(STEP_INDEX, IntNode.valueOf(stepIndex));
        }
        values.forEach((k, v) -> all.put(k, v.deepCopy()));
        return Collections.unmodifiableMap(all);
    }

    /** {@return the named values as one JSON object (what a script gate reads on stdin)} */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        namedValues().forEach(node::set);
        return node;
    }

    private static Optional<JsonNode> text(@Nullable String s) {
        return s == null ? Optional.empty() : Optional.of(TextNode.valueOf(s));
    }

    private static void putText(Map<String, JsonNode> map, String key, @Nullable String s) {
        if (s != null) {
            map.put(key, TextNode.valueOf(s));
        }
    }

    private static void requireText(@Nullable String value, String field) {
        if (value == null) {
            throw SilasException.invalid(field, "must not be null");
        }
    }

    private static Map<String, JsonNode> copyValues(@Nullable Map<String, JsonNode> values) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        for (String key : values.keySet()) {
            if (key == null || !VALUE_KEY.matcher(key).matches()) {
                throw SilasException.invalid("values", "key '" + key + "' must match " + VALUE_KEY.pattern());
            }
            if (FIXED.contains(key)) {
                throw SilasException.invalid("values", "key '" + key + "' shadows a fixed context field");
            }
        }
        return JsonValues.copyIn(values, "values");
    }

    /** Builds a context; every setter is optional. Not thread-safe. */
    public static final class Builder {
        private @Nullable String message;
        private @Nullable String response;
        private @Nullable String senderId;
        private @Nullable String toolName;
        private @Nullable ObjectNode toolArgs;
        private @Nullable String stepOutput;
        private @Nullable Integer stepIndex;
        private final Map<String, JsonNode> values = new LinkedHashMap<>();

        Builder() {
        }

        /**
         * Sets the message.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder message(@Nullable String value) {
            this.message = value;
            return this;
        }

        /**
         * Sets the response.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder response(@Nullable String value) {
            this.response = value;
            return this;
        }

        /**
         * Sets the sender id.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder senderId(@Nullable String value) {
            this.senderId = value;
            return this;
        }

        /**
         * Sets the tool name.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder toolName(@Nullable String value) {
            this.toolName = value;
            return this;
        }

        /**
         * Sets the tool args.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder toolArgs(@Nullable ObjectNode value) {
            this.toolArgs = value;
            return this;
        }

        /**
         * Sets the step output.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder stepOutput(@Nullable String value) {
            this.stepOutput = value;
            return this;
        }

        /**
         * Sets the step index.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder stepIndex(@Nullable Integer value) {
            this.stepIndex = value;
            return this;
        }

        /**
         * Adds a host value (snake_case key, not a fixed field name).
         *
         * @param key the key
         * @param value the new value
         * @return the builder
         */
        public Builder value(String key, JsonNode value) {
            values.put(key, value);
            return this;
        }

        /**
         * Adds a host string value.
         *
         * @param key the key
         * @param value the new value
         * @return the builder
         */
        public Builder value(String key, String value) {
            return value(key, TextNode.valueOf(value));
        }

        /** {@return the instance built from this builder's values} */
        public GateContext build() {
            return new GateContext(message, response, senderId, toolName, toolArgs, stepOutput, stepIndex, values);
        }
    }
}
