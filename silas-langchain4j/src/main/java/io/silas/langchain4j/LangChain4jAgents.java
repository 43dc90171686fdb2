package io.silas.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.silas.core.agent.ExecutorAgent;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import org.jspecify.annotations.Nullable;

/**
 * Any LangChain4j {@link ChatModel} as the Silas proxy, planner and executor:
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder().baseUrl("http://localhost:11434/v1").apiKey("none")
 *     .modelName("llama3.1").maxRetries(0).build();
 * streamBuilder.proxy(LangChain4jAgents.proxy(model)).planner(LangChain4jAgents.planner(model));
 * }</pre>
 *
 * <p>Each agent sends the request as role-tagged messages and reads the answer with the strict snake_case mapper.
 * The published schema ({@code AgentSchemas}) is the model's native JSON-schema response format when the model
 * declares {@code RESPONSE_FORMAT_JSON_SCHEMA}, and is written into the system prompt otherwise. An unusable answer
 * is {@code LLM_OUTPUT_INVALID}, so Silas's structured-call rule applies unchanged: one retry with the validation
 * error appended, then the agent's deterministic fallback. Rate limits, server errors and timeouts are
 * {@code LLM_UNAVAILABLE}: the Stream retries them with backoff and charges each retry to the scope's LLM rate
 * limit — so set the model's own retries to 0 to have every call counted there.
 *
 * <p><b>Security guarantees:</b> the executor's tool calls all run through Silas's {@code ToolInvoker} (gates,
 * signed approvals, sandbox, ledger); the proxy and planner are offered no tools. Answers are advice as for any
 * agent: the Stream still gates replies, and plans still need the owner's signed approval.
 */
public final class LangChain4jAgents {
    /** Tool-call rounds an executor run may make before it must answer. */
    public static final int DEFAULT_MAX_TOOL_ROUNDS = 16;

    private LangChain4jAgents() {
    }

    /**
     * {@return the proxy over {@code model} with the default instructions}
     *
     * @param model the model
     */
    public static ProxyAgent proxy(ChatModel model) {
        return builder(model).proxy();
    }

    /**
     * {@return the planner over {@code model} with the default instructions}
     *
     * @param model the model
     */
    public static PlannerAgent planner(ChatModel model) {
        return builder(model).planner();
    }

    /**
     * {@return the executor over {@code model} with the default instructions}
     *
     * @param model the model
     */
    public static ExecutorAgent executor(ChatModel model) {
        return builder(model).executor();
    }

    /**
     * {@return a builder for agents over {@code model} with a usage listener, a streaming model or other instructions}
     *
     * @param model the model
     */
    public static Builder builder(ChatModel model) {
        return new Builder(Checks.nonNull(model, "model"));
    }

    /** Configures and builds agents over one model. Not thread-safe; the agents it builds are. */
    public static final class Builder {
        private final ChatModel model;
        private @Nullable StreamingChatModel streaming;
        private ModelUsageListener usage = ModelUsageListener.NONE;
        private String proxyInstructions = Instructions.PROXY;
        private String plannerInstructions = Instructions.PLANNER;
        private String executorInstructions = Instructions.EXECUTOR;
        private int maxToolRounds = DEFAULT_MAX_TOOL_ROUNDS;

        private Builder(ChatModel model) {
            this.model = model;
        }

        /**
         * Calls this streaming model instead of the blocking one. The answer is still read and validated whole; while
         * it streams, the proxy's and planner's reply text goes to the turn's {@code AgentListener}, so a Stream whose
         * channel is a {@code StreamingChannel} shows it a segment at a time — each segment only after the output
         * gates passed the reply up to it (see {@code StreamingChannel} for what happens when they block later).
         *
         * @param value the new value
         * @return the builder
         */
        public Builder streaming(StreamingChatModel value) {
            this.streaming = Checks.nonNull(value, "streaming");
            return this;
        }

        /**
         * Receives the token usage of every call.
         *
         * @param value the new value
         * @return the builder
         */
        public Builder usage(ModelUsageListener value) {
            this.usage = Checks.nonNull(value, "usage");
            return this;
        }

        /**
         * Replaces the proxy's instructions (the first part of its system message).
         *
         * @param value the new value
         * @return the builder
         */
        public Builder proxyInstructions(String value) {
            this.proxyInstructions = Checks.nonBlank(value, "proxy_instructions");
            return this;
        }

        /**
         * Replaces the planner's instructions.
         *
         * @param value the new value
         * @return the builder
         */
        public Builder plannerInstructions(String value) {
            this.plannerInstructions = Checks.nonBlank(value, "planner_instructions");
            return this;
        }

        /**
         * Replaces the executor's instructions.
         *
         * @param value the new value
         * @return the builder
         */
        public Builder executorInstructions(String value) {
            this.executorInstructions = Checks.nonBlank(value, "executor_instructions");
            return this;
        }

        /**
         * Tool-call rounds an executor run may make before it must answer ({@code >= 1}).
         *
         * @param value the new value
         * @return the builder
         */
        public Builder maxToolRounds(int value) {
            if (value < 1) {
                throw SilasException.invalid("max_tool_rounds", "must be >= 1");
            }
            this.maxToolRounds = value;
            return this;
        }

        /** {@return the proxy} */
        public ProxyAgent proxy() {
            return ChatAgents.proxy(call(), proxyInstructions);
        }

        /** {@return the planner} */
        public PlannerAgent planner() {
            return ChatAgents.planner(call(), plannerInstructions);
        }

        /** {@return the executor} */
        public ExecutorAgent executor() {
            return new ChatExecutor(call(), executorInstructions, maxToolRounds);
        }

        private ModelCall call() {
            return new ModelCall(model, streaming, usage);
        }
    }
}
