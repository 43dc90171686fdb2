package io.silas.core.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line a skill script writes to stdout (docs/contracts.md#connections), parsed strictly: {@code setup_step} (with a
 * {@link SetupStep} in {@code step}), {@code await_input} (end of this round: present the steps and run me again
 * with the answers), {@code completion} (a {@link SetupStep.Completion} in {@code completion}, optional
 * {@code token_expires_at}), {@code failure} (a {@link ConnectionFailure} in {@code failure}), {@code log}
 * ({@code level}, {@code message}) and, for non-setup scripts, {@code result} (a JSON object in {@code result}).
 *
 * <p>Security guarantees: events are untrusted script output; they are validated into these records, and
 * {@link Log} text is diagnostics only, never shown to the model or the user.
 */
public sealed interface ScriptEvent {
    /** A step to present. */
    record Step(SetupStep step) implements ScriptEvent {
    }

    /** The script waits for the answers to the steps of this round. */
    record AwaitInput() implements ScriptEvent {
    }

    /** Setup finished. */
    record Completed(SetupStep.Completion completion, @Nullable Instant tokenExpiresAt)
            implements ScriptEvent {
    }

    /** The script reports a structured failure. */
    record Failed(ConnectionFailure failure) implements ScriptEvent {
    }

    /** A diagnostic line. */
    record Log(String level, String message) implements ScriptEvent {
    }

    /** The payload of a non-setup script. */
    record Result(JsonNode result) implements ScriptEvent {
    }

    /**
     * Parses one stdout line.
     *
     * @param line the line
     * @return the script event
     * @throws SilasException {@code INVALID_INPUT} for anything but a valid event object
     */
    static ScriptEvent parse(String line) {
        JsonNode node = Json.read(line, JsonNode.class);
        if (node == null || !node.isObject()) {
            throw SilasException.invalid("event", "must be a JSON object");
        }
        JsonNode type = node.get("type");
        String name = type == null || !type.isTextual() ? "" : type.textValue();
        switch (name) {
            case "setup_step":
                return new Step(Json.convert(object(node, "step"), SetupStep.class));
            case "await_input":
                return new AwaitInput();
            case "completion": {
                JsonNode expires = node.get("token_expires_at");
                Instant expiresAt = expires == null || expires.isNull()
                        ? null : Json.convert(expires, Instant.class);
                ObjectNode completion = object(node, "completion").deepCopy();
                completion.put("type", SetupStep.COMPLETION);
                return new Completed((SetupStep.Completion) Json.convert(completion, SetupStep.class), expiresAt);
            }
            case "failure":
                return new Failed(Json.convert(object(node, "failure"), ConnectionFailure.class));
            case "log":
                return new Log(node.path("level").asText("info"), node.path("message").asText(""));
            case "result":
                return new Result(object(node, "result"));
            default:
                throw SilasException.invalid("type", "unknown script event type");
        }
    }

    private static ObjectNode object(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!(value instanceof ObjectNode)) {
            throw SilasException.invalid(field, "must be a JSON object");
        }
        return (ObjectNode) value;
    }
}
