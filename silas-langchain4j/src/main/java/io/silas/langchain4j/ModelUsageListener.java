package io.silas.langchain4j;

/**
 * Receives the token usage of every model call an adapter makes, for the host's context and cost budgets (the
 * executor's usage is also charged to the work item's budget through {@code ExecutorAgentOutput.tokens_used}).
 * Called on the calling thread; implementations must be thread-safe and fast.
 */
@FunctionalInterface
public interface ModelUsageListener {
    /** A listener that ignores usage. */
    ModelUsageListener NONE = usage -> { };

    /**
     * On usage.
     *
     * @param usage the usage
     */
    void onUsage(ModelUsage usage);
}
