package io.silas.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tool as the model sees it: name, description and declared arguments. {@link #validate} is the argument check that
 * runs before gates and before anything executes (docs/contracts.md#work-execution). With {@code additionalArgs} false
 * (the default for declared tools) an undeclared argument is an error; tools whose executor validates its own arguments
 * may set it to true. Immutable.
 *
 * @param name           tool name (the executor action, e.g. {@code shell_exec})
 * @param description    what the tool does (shown to the model)
 * @param args           declared arguments, unique names
 * @param additionalArgs whether undeclared arguments are passed through
 */
public record ToolDefinition(String name, String description, List<ToolArg> args, boolean additionalArgs) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param name           tool name (the executor action, e.g. {
     * @param description    what the tool does (shown to the model)
     * @param args           declared arguments, unique names
     * @param additionalArgs whether undeclared arguments are passed through /
public
     */
    public ToolDefinition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SilasException.invalid("tool.name", "must match " + NAME.pattern());
        }
        description = description == null ? "" : description;
        args = args == null ? List.of() : List.copyOf(args);
        Set<String> seen = new HashSet<>();
        for (ToolArg arg : args) {
            if (!seen.add(arg.name())) {
                throw SilasException.invalid("tool.args", "duplicate argument '" + arg.name() + "'");
            }
        }
    }

    /**
     * {@return a strictly validated tool}
     *
     * @param name the name
     * @param description what the tool does (shown to the model)
     * @param args declared arguments, unique names
     */
    public static ToolDefinition of(String name, String description, List<ToolArg> args) {
        return new ToolDefinition(name, description, args, false);
    }

    /**
     * {@return a copy with description replaced}
     *
     * @param value the new value
     */
    public ToolDefinition withDescription(String value) {
        return new ToolDefinition(name, value, args, additionalArgs);
    }

    /**
     * Why {@code arguments} do not fit this tool (a deterministic message naming the argument), or empty when they
     * do: a JSON object, every required argument present and non-null, every declared argument of its type, no
     * undeclared argument unless {@code additionalArgs}.
     *
     * @param arguments the arguments
     * @return the result, if any
     */
    public Optional<String> validate(JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) {
            return Optional.of("arguments of " + name + " must be a JSON object");
        }
        ObjectNode object = (ObjectNode) arguments;
        for (ToolArg arg : args) {
            JsonNode value = object.get(arg.name());
            if (value == null || value.isNull()) {
                if (arg.required()) {
                    return Optional.of("argument '" + arg.name() + "' of " + name + " is required");
                }
            } else if (!arg.type().accepts(value)) {
                return Optional.of("argument '" + arg.name() + "' of " + name + " must be of type "
                        + arg.type().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (!additionalArgs) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (args.stream().noneMatch(a -> a.name().equals(key))) {
                    return Optional.of("argument '" + key + "' is not accepted by " + name);
                }
            }
        }
        return Optional.empty();
    }
}
