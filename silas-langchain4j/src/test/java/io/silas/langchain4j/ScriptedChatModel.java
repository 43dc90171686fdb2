package io.silas.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The deterministic fake {@link ChatModel} of the unit tests: answers from a script, in order, and records every
 * request. Each answer reports 10 input and 5 output tokens. Thread-safe.
 */
final class ScriptedChatModel implements ChatModel {
    private final Deque<Object> script = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();
    private final Set<Capability> capabilities;

    private ScriptedChatModel(Set<Capability> capabilities) {
        this.capabilities = capabilities;
    }

    /** A model with a native JSON-schema response format. */
    static ScriptedChatModel withSchemaSupport() {
        return new ScriptedChatModel(Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA));
    }

    /** A model without one (the schema must be prompted). */
    static ScriptedChatModel textOnly() {
        return new ScriptedChatModel(Set.of());
    }

    /** Queues a text answer. */
    synchronized ScriptedChatModel answer(String text) {
        script.add(AiMessage.from(text));
        return this;
    }

    /** Queues an answer asking for one tool call. */
    synchronized ScriptedChatModel toolCall(String id, String tool, String arguments) {
        script.add(AiMessage.from(ToolExecutionRequest.builder().id(id).name(tool).arguments(arguments).build()));
        return this;
    }

    /** Queues a failure the model throws. */
    synchronized ScriptedChatModel failure(RuntimeException failure) {
        script.add(failure);
        return this;
    }

    synchronized List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return capabilities;
    }

    @Override
    public synchronized ChatResponse doChat(ChatRequest request) {
        requests.add(request);
        Object next = script.poll();
        if (next == null) {
            throw new IllegalStateException("the script has no answer left");
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        return ChatResponse.builder().aiMessage((AiMessage) next).tokenUsage(new TokenUsage(10, 5)).build();
    }
}
