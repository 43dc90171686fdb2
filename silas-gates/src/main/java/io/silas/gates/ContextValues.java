package io.silas.gates;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateTrigger;
import org.jspecify.annotations.Nullable;

/** Which context value a gate checks: its {@code extract} name, else the natural value of its trigger. */
final class ContextValues {
    private ContextValues() {
    }

    /**
     * The value name a gate checks: {@code extract} when set; otherwise {@code message} for
     * {@code every_user_message}, {@code response} for {@code every_agent_response}, {@code step_output} for
     * {@code after_step} and {@code tool_name} for {@code on_tool_call}.
     */
    static String key(Gate gate) {
        return gate.extract() != null ? gate.extract() : defaultKey(gate.trigger());
    }

    static String defaultKey(GateTrigger trigger) {
        return switch (trigger) {
            case EVERY_USER_MESSAGE -> GateContext.MESSAGE;
            case EVERY_AGENT_RESPONSE -> GateContext.RESPONSE;
            case AFTER_STEP -> GateContext.STEP_OUTPUT;
            case ON_TOOL_CALL -> GateContext.TOOL_NAME;
        };
    }

    /** Text form of a scalar value (strings as-is, numbers and booleans in JSON form); null otherwise. */
    static @Nullable String text(@Nullable JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return value.isNumber() || value.isBoolean() ? value.asText() : null;
    }
}
