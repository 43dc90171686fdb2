package io.silas.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
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
import io.silas.core.agent.AgentListener;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One chat call of an adapter: builds the request (the output schema as the model's native JSON-schema response
 * format when it declares {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA}, else the caller prompts the schema),
 * calls the blocking or the streaming model, maps failures through {@link ModelErrors} and reports token usage (to
 * the host's {@link ModelUsageListener} and to the turn's {@link AgentListener}, which calibrates the scope's context
 * budget). A streamed answer is returned whole; while it streams, its reply text is passed to the turn's listener,
 * whose Stream shows only what its output gates passed. Thread-safe when the models are.
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
     * @param agent    the calling agent ({@code proxy}, {@code planner}, {@code executor}) for errors and usage
     * @param schema   the answer's schema, from {@link #schema}
     * @param listener told the reply text while a streaming model writes it ({@code reply}) and the reported usage
     * @param reply    finds the reply text in the streamed answer, or null when nothing streams to a recipient
     * @throws SilasException mapped by {@link ModelErrors}
     */
    ChatResponse chat(String agent, List<ChatMessage> messages, List<ToolSpecification> tools, OutputSchema schema,
                      AgentListener listener, @Nullable ReplyText reply) {
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        if (!tools.isEmpty()) {
            request.toolSpecifications(tools);
        }
        if (schema.format() != null) {
            request.responseFormat(schema.format());
        }
        ChatResponse response;
        try {
            response = streaming == null ? model.chat(request.build()) : stream(request.build(), reply);
        } catch (RuntimeException e) {
            throw ModelErrors.map(agent, e);
        } finally {
            listener.replyEnd();
        }
        if (response == null || response.aiMessage() == null) {
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, agent + ": the model returned no message");
        }
        report(agent, response.tokenUsage(), messages, listener);
        return response;
    }

    /** {@link #chat} without a listener (the executor: its text goes to no channel). */
    ChatResponse chat(String agent, List<ChatMessage> messages, List<ToolSpecification> tools, OutputSchema schema) {
        return chat(agent, messages, tools, schema, AgentListener.NONE, null);
    }

    private ChatResponse stream(ChatRequest request, @Nullable ReplyText reply) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streaming.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                if (reply != null && !done.isDone()) {
                    reply.feed(partial);
                }
            }

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

    private void report(String agent, @Nullable TokenUsage tokens, List<ChatMessage> messages,
                        AgentListener listener) {
        if (tokens == null) {
            return;
        }
        long input = count(tokens.inputTokenCount());
        long output = count(tokens.outputTokenCount());
        usage.onUsage(new ModelUsage(agent, input, output));
        if (listener != AgentListener.NONE) {
            listener.tokenUsage(texts(messages), input, output);
        }
    }

    /** The text of every message as sent (what the provider counted). */
    private static List<String> texts(List<ChatMessage> messages) {
        List<String> texts = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            String text = null;
            if (message instanceof SystemMessage system) {
                text = system.text();
            } else if (message instanceof UserMessage user && user.hasSingleText()) {
                text = user.singleText();
            } else if (message instanceof AiMessage ai) {
                text = ai.text();
            } else if (message instanceof ToolExecutionResultMessage result) {
                text = result.text();
            }
            if (text != null) {
                texts.add(text);
            }
        }
        return texts;
    }

    private static long count(@Nullable Integer tokens) {
        return tokens == null ? 0 : Math.max(0, tokens);
    }
}
