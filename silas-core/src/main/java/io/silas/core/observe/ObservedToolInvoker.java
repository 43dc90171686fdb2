package io.silas.core.observe;

import io.silas.core.tool.ToolCall;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.ToolInvoker;
import io.silas.core.tool.ToolResult;
import java.util.List;

/** A tool invoker whose calls are timed by tool and status; validation, gates and records are the wrapped one's. */
final class ObservedToolInvoker implements ToolInvoker {
    private final ToolInvoker tools;
    private final SilasObserver observer;

    ObservedToolInvoker(ToolInvoker tools, SilasObserver observer) {
        this.tools = tools;
        this.observer = observer;
    }

    @Override
    public List<ToolDefinition> tools() {
        return tools.tools();
    }

    @Override
    public ToolResult invoke(ToolCall call) {
        try (OperationScope op = observer.start(Operation.TOOL_CALL)) {
            op.tag(ObservationKeys.TOOL, knownName(call.toolName()));
            try {
                ToolResult result = tools.invoke(call);
                op.tag(ObservationKeys.OUTCOME, Observers.word(result.status()));
                return result;
            } catch (RuntimeException | Error e) {
                op.error(e);
                throw e;
            }
        }
    }

    /** The tool's name when the invoker defines it; a name the model made up is {@code unknown} (bounded tags). */
    private String knownName(String name) {
        for (ToolDefinition definition : tools.tools()) {
            if (definition.name().equals(name)) {
                return name;
            }
        }
        return "unknown";
    }
}
