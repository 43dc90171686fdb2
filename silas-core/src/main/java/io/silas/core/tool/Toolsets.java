package io.silas.core.tool;

import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Factories for the skill stage of the toolset chain and for the approval rule that never asks.
 * See {@link Toolset} for the chain order.
 */
public final class Toolsets {
    private Toolsets() {
    }

    /**
     * {@return the skill stage: the harness tools followed by work-item skill toolsets, as one set} Tool names must be
     * unique across the parts ({@code INVALID_INPUT} otherwise, checked on every listing).
     *
     * @param parts the parts
     */
    public static Toolset combined(List<Toolset> parts) {
        if (parts == null || parts.isEmpty() || parts.stream().anyMatch(java.util.Objects::isNull)) {
            throw SilasException.invalid("toolsets", "must be a non-empty list without nulls");
        }
        List<Toolset> copy = List.copyOf(parts);
        return new Toolset() {
            @Override
            public List<ToolDefinition> definitions() {
                List<ToolDefinition> all = new ArrayList<>();
                Set<String> names = new HashSet<>();
                for (Toolset part : copy) {
                    for (ToolDefinition d : part.definitions()) {
                        if (!names.add(d.name())) {
                            throw SilasException.invalid("toolsets", "tool '" + d.name() + "' is defined twice");
                        }
                        all.add(d);
                    }
                }
                return List.copyOf(all);
            }

            @Override
            public ToolExecution execute(ToolRequest request) {
                String name = request.call().toolName();
                for (Toolset part : copy) {
                    if (part.find(name).isPresent()) {
                        return part.execute(request);
                    }
                }
                return new ToolExecution.Refused(ToolCallStatus.NOT_FOUND, "tool '" + name + "' is not available");
            }
        };
    }

    /**
     * {@return an approval requirement that adds no reasons of its own (gate reasons still pause the call)}
     *
     * @param request the request
     */
    public static Optional<String> noExtraApproval(ToolRequest request) {
        return Optional.empty();
    }
}
