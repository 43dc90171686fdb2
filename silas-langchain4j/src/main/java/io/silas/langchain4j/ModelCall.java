package io.silas.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One chat call of an adapter: builds the request (the output schema as the model's native JSON-schema response
 * format when it declares {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA}, else the caller prompts the schema),
 * calls the blocking or the streaming model, maps failures through {@link ModelErrors} and reports token usage.
 * A streamed answer is collected whole before it is returned: the Stream's output gates judge the complete reply
 * before any of it reaches a channel. Thread-safe when the models are.
 */
final class ModelCall {
    private final ChatModel model;
    private final @Nullable StreamingChatModel streaming;
    private final ModelUsageListener usage;

    ModelCall(ChatModel model, @Nullable StreamingChatModel streaming, ModelUsageListener usage) {
        this.model = model;
        this.streaming = streaming;
        this.usage = usage;
    }

    /** Whether the model takes the output schema as its response format (else the prompt must carry it). */
    boolean nativeSchema() {
        return (streaming == null ? model.supportedCapabilities() : streaming.supportedCapabilities())
                .contains(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }

    /** The output schema named {@code name}, as this model takes it: native response format or prompt text. */
    OutputSchema schema(String name, JsonNode schema) {
        String text = Json.write(schema);
        if (nativeSchema()) {
            return new OutputSchema(ResponseFormat.builder().type(ResponseFormatType.JSON)
                    .jsonSchema(JsonSchema.builder().name(name).rootElement(JsonRawSchema.from(text)).build())
                    .build(), null);
        }
        return new OutputSchema(null, "Answer with exactly one JSON object (no prose, no code fence) that matches "
                + "this JSON Schema:\n" + text);
    }

    /**
     * Calls the model once.
     *
     * @param agent  the calling agent ({@code proxy}, {@code planner}, {@code executor}) for errors and usage
     * @param schema the answer's schema, from {@link #schema}
     * @throws SilasException mapped by {@link ModelErrors}
     */
    ChatResponse chat(String agent, List<ChatMessage> messages, List<ToolSpecification> tools, OutputSchema schema) {
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        if (!tools.isEmpty()) {
            request.toolSpecifications(tools);
        }
        if (schema.format() != null) {
            request.responseFormat(schema.format());
        }
        ChatResponse response;
        try {
            response = streaming == null ? model.chat(request.build()) : stream(request.build());
        } catch (RuntimeException e) {
            throw ModelErrors.map(agent, e);
        }
        if (response == null || response.aiMessage() == null) {
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, agent + ": the model returned no message");
        }
        report(agent, response.tokenUsage());
        return response;
    }

    private ChatResponse stream(ChatRequest request) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streaming.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE, "streaming model call interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE, "streaming model call failed", e.getCause());
        }
    }

    /** The total tokens of a call as reported, 0 when not reported. */
    static long total(@Nullable TokenUsage tokens) {
        return tokens == null ? 0 : count(tokens.inputTokenCount()) + count(tokens.outputTokenCount());
    }

    private void report(String agent, @Nullable TokenUsage tokens) {
        if (tokens != null) {
            usage.onUsage(new ModelUsage(agent, count(tokens.inputTokenCount()), count(tokens.outputTokenCount())));
        }
    }

    private static long count(@Nullable Integer tokens) {
        return tokens == null ? 0 : Math.max(0, tokens);
    }
}
