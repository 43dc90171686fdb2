package io.silas.core.tool;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** The prepared stage of the chain; see {@link Toolset#prepared}. */
final class PreparedToolset implements Toolset {
    private final Toolset inner;
    private final UnaryOperator<List<ToolDefinition>> prepare;

    PreparedToolset(Toolset inner, UnaryOperator<List<ToolDefinition>> prepare) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.prepare = Objects.requireNonNull(prepare, "prepare");
    }

    @Override
    public List<ToolDefinition> definitions() {
        List<ToolDefinition> base = inner.definitions();
        List<ToolDefinition> prepared = prepare.apply(base);
        if (prepared == null) {
            return List.of();
        }
        return prepared.stream().filter(Objects::nonNull)
                .filter(d -> base.stream().anyMatch(b -> b.name().equals(d.name())))
                .distinct().toList();
    }

    @Override
    public ToolExecution execute(ToolRequest request) {
        String name = request.call().toolName();
        if (find(name).isEmpty()) {
            return new ToolExecution.Refused(ToolCallStatus.NOT_FOUND, "tool '" + name + "' is not available");
        }
        return inner.execute(request);
    }
}
