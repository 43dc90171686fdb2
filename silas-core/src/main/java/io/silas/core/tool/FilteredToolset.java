package io.silas.core.tool;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** The access-filtered stage of the chain; see {@link Toolset#filtered}. */
final class FilteredToolset implements Toolset {
    private final Toolset inner;
    private final Predicate<String> allowed;

    FilteredToolset(Toolset inner, Predicate<String> allowed) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
    }

    @Override
    public List<ToolDefinition> definitions() {
        return inner.definitions().stream().filter(d -> allowed.test(d.name())).toList();
    }

    @Override
    public ToolExecution execute(ToolRequest request) {
        String name = request.call().toolName();
        if (!allowed.test(name)) {
            return new ToolExecution.Refused(ToolCallStatus.FILTERED,
                    "tool '" + name + "' is not allowed for this work item");
        }
        return inner.execute(request);
    }
}
