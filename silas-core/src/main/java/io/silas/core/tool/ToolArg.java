package io.silas.core.tool;

import io.silas.core.error.SilasException;

/**
 * One declared argument of a tool. Immutable.
 *
 * @param name        argument name (the JSON key)
 * @param type        required JSON type
 * @param required    whether the argument must be present
 * @param description what the argument means (shown to the model)
 */
public record ToolArg(String name, ToolArgType type, boolean required, String description) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param name        argument name (the JSON key)
     * @param type        required JSON type
     * @param required    whether the argument must be present
     * @param description what the argument means (shown to the model) /
public
     */
    public ToolArg {
        if (name == null || name.isBlank()) {
            throw SilasException.invalid("tool_arg.name", "must not be blank");
        }
        if (type == null) {
            throw SilasException.invalid("tool_arg.type", "is required");
        }
        description = description == null ? "" : description;
    }

    /**
     * {@return a required argument}
     *
     * @param name the name
     * @param type the type
     * @param description what the argument means (shown to the model)
     */
    public static ToolArg required(String name, ToolArgType type, String description) {
        return new ToolArg(name, type, true, description);
    }

    /**
     * {@return an optional argument}
     *
     * @param name the name
     * @param type the type
     * @param description what the argument means (shown to the model)
     */
    public static ToolArg optional(String name, ToolArgType type, String description) {
        return new ToolArg(name, type, false, description);
    }
}
