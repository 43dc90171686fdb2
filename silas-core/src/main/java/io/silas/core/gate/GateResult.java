package io.silas.core.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.error.SilasException;
import io.silas.core.json.JsonValues;
import io.silas.core.vocabulary.GateAction;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one gate decided (docs/contracts.md#gates). Outcomes are values: providers return {@link #pass}, {@link #block}
 * or {@link #requireApproval} and refine with the {@code with...} methods.
 *
 * <p>{@code value} is the checked value (a JSON string or number, or null). {@code score} is in [0, 1] when
 * present. {@code modified_context} is the provider's proposed rewrite (empty = none); the gate runner — not
 * this record — drops keys outside {@code {response, message, tool_args}} and all quality-lane rewrites.
 * Immutable and thread-safe ({@link #modifiedContext()} returns copies).
 *
 * <p><b>Security guarantees:</b> a result only proposes; enforcement (lanes, mutation allowlist, escalation)
 * belongs to the gate runner, so a faulty provider cannot widen what a result is allowed to do.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateResult(String gateName, GateLane lane, GateAction action, String reason, @Nullable JsonNode value,
                         @Nullable Double score, List<String> flags, Map<String, JsonNode> modifiedContext) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param gateName        the gate that requires approval
     * @param lane            the lane
     * @param action          what the agent wants to do
     * @param reason          why, in a short phrase
     * @param value           the new value
     * @param score           the score
     * @param flags           the flags
     * @param modifiedContext the modified context
     */
    public GateResult {
        if (gateName == null || gateName.isBlank()) {
            throw SilasException.invalid("gate_name", "must not be blank");
        }
        if (lane == null || action == null) {
            throw SilasException.invalid(lane == null ? "lane" : "action", "is required");
        }
        reason = reason == null ? "" : reason;
        if (value != null && value.isNull()) {
            value = null;
        }
        if (value != null && !value.isTextual() && !value.isNumber()) {
            throw SilasException.invalid("value", "must be a string or a number");
        }
        value = value == null ? null : value.deepCopy();
        if (score != null && (score.isNaN() || score < 0 || score > 1)) {
            throw SilasException.invalid("score", "must be within [0, 1]");
        }
        flags = flags == null ? List.of() : flags;
        for (String flag : flags) {
            if (flag == null) {
                throw SilasException.invalid("flags", "entries must not be null");
            }
        }
        flags = List.copyOf(flags);
        modifiedContext = JsonValues.copyIn(modifiedContext, "modified_context");
    }

    /**
     * {@return the gate lets the turn continue}
     *
     * @param gate the gate
     * @param reason why, in a short phrase
     */
    public static GateResult pass(Gate gate, String reason) {
        return of(gate, GateAction.CONTINUE, reason);
    }

    /**
     * {@return the gate blocks}
     *
     * @param gate the gate
     * @param reason why, in a short phrase
     */
    public static GateResult block(Gate gate, String reason) {
        return of(gate, GateAction.BLOCK, reason);
    }

    /**
     * {@return the gate requires a human approval before continuing}
     *
     * @param gate the gate
     * @param reason why, in a short phrase
     */
    public static GateResult requireApproval(Gate gate, String reason) {
        return of(gate, GateAction.REQUIRE_APPROVAL, reason);
    }

    /**
     * {@return a result for a gate known only by name and lane (for example "No provider: x")}
     *
     * @param gateName the gate that requires approval
     * @param lane the lane
     * @param action what the agent wants to do
     * @param reason why, in a short phrase
     */
    public static GateResult of(String gateName, GateLane lane, GateAction action, String reason) {
        return new GateResult(gateName, lane, action, reason, null, null, List.of(), Map.of());
    }

    private static GateResult of(Gate gate, GateAction action, String reason) {
        return of(gate.name(), gate.lane(), action, reason);
    }

    /**
     * {@return a copy with value replaced}
     *
     * @param checked entries checked so far (reported back)
     */
    public GateResult withValue(@Nullable String checked) {
        return withValue(checked == null ? null : TextNode.valueOf(checked));
    }

    /**
     * {@return a copy with value replaced}
     *
     * @param checked entries checked so far (reported back)
     */
    public GateResult withValue(double checked) {
        return withValue(DoubleNode.valueOf(checked));
    }

    /**
     * {@return a copy with value replaced}
     *
     * @param checked entries checked so far (reported back)
     */
    public GateResult withValue(@Nullable JsonNode checked) {
        return new GateResult(gateName, lane, action, reason, checked, score, flags, modifiedContext);
    }

    /**
     * {@return a copy with score replaced}
     *
     * @param newScore the new score
     */
    public GateResult withScore(@Nullable Double newScore) {
        return new GateResult(gateName, lane, action, reason, value, newScore, flags, modifiedContext);
    }

    /**
     * {@return a copy with flags replaced}
     *
     * @param newFlags the new flags
     */
    public GateResult withFlags(List<String> newFlags) {
        return new GateResult(gateName, lane, action, reason, value, score, newFlags, modifiedContext);
    }

    /**
     * {@return a copy with modified context replaced}
     *
     * @param rewrite the rewrite
     */
    public GateResult withModifiedContext(Map<String, JsonNode> rewrite) {
        return new GateResult(gateName, lane, action, reason, value, score, flags, rewrite);
    }

    /** {@return the checked value (a copy)} */
    @Override
    public @Nullable JsonNode value() {
        return value == null ? null : value.deepCopy();
    }

    /** {@return the proposed context rewrite (a deep copy; empty when none)} */
    @Override
    public Map<String, JsonNode> modifiedContext() {
        return JsonValues.copyOut(modifiedContext);
    }

    /**
     * {@return whether the result proposes a rewrite ({@link #modifiedContext()} is not empty), without copying it}
     */
    public boolean hasModifiedContext() {
        return !modifiedContext.isEmpty();
    }
}
