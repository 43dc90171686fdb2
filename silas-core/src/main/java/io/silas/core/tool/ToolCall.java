package io.silas.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;

/**
 * A tool call requested by an agent: the tool name and its JSON arguments. Nothing about it is trusted; the
 * {@link ToolInvoker} validates, gates and records it. Immutable (arguments are copied in and out).
 */
public record ToolCall(String toolName, ObjectNode args) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param toolName the tool
     * @param args     declared arguments, unique names
     */
    public ToolCall {
        if (toolName == null || toolName.isBlank()) {
            throw SilasException.invalid("tool_name", "must not be blank");
        }
        args = args == null ? JsonNodeFactory.instance.objectNode() : args.deepCopy();
    }

    /**
     * {@return a call with the given arguments; {@code args} must be a JSON object}
     *
     * @param toolName the tool
     * @param args declared arguments, unique names
     */
    public static ToolCall of(String toolName, JsonNode args) {
        if (args != null && !args.isObject()) {
            throw SilasException.invalid("args", "must be a JSON object");
        }
        return new ToolCall(toolName, (ObjectNode) args);
    }

    /** {@return the arguments (a copy)} */
    @Override
    public ObjectNode args() {
        return args.deepCopy();
    }

    /**
     * {@return a copy with args replaced}
     *
     * @param newArgs the new args
     */
    public ToolCall withArgs(ObjectNode newArgs) {
        return new ToolCall(toolName, newArgs);
    }
}
