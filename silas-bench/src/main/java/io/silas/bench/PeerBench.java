package io.silas.bench;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import java.util.regex.Pattern;

/**
 * The two sides of the peer comparison: a LangChain4j {@code AiServices} assistant with one input and one
 * output guardrail over a fake {@link ChatModel} that returns {@link #REPLY}, and a Silas in-memory Stream whose
 * scripted proxy returns the same reply, with the same two checks as policy gates (the input must not contain
 * {@code FORBIDDEN}, the output must not contain {@code SECRET}; the same regexes on both sides). Silas does more per
 * turn (message trust, hash-chained audit, chronicle, context window, memory retrieval, rate limits): the ratio says
 * what that costs against a guarded model call a host would otherwise make.
 */
final class PeerBench implements AutoCloseable {
    static final String REPLY = "Thanks, noted. I will remind you next week.";
    static final int CONNECTIONS = 1_000;
    static final String NO_FORBIDDEN = "^(?!.*FORBIDDEN).*$";
    static final String NO_SECRET = "^(?!.*SECRET).*$";
    static final String SILAS_CONFIG = """
            turns: { max_live_processors: 1024 }
            backpressure: { max_pending_turns_per_scope: 20, max_pending_turns_total: 200000 }
            limits: { ws_messages_per_minute_per_scope: 100000000, messages_per_minute_total: 100000000,
                      llm_calls_per_minute_per_scope: 100000000 }
            gates:
              system:
                - name: no_forbidden_input
                  on: every_user_message
                  type: regex
                  config: {pattern: "%s", dotall: true}
                  on_block: polite_redirect
                - name: no_secret_output
                  on: every_agent_response
                  type: regex
                  config: {pattern: "%s", dotall: true}
                  on_block: polite_redirect
            """.formatted(NO_FORBIDDEN, NO_SECRET);

    /** The assistant interface LangChain4j implements. */
    interface Assistant {
        String chat(String message);
    }

    /** A model that answers every request with {@link #REPLY} at no cost. */
    static final class FixedReplyModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            return ChatResponse.builder().aiMessage(AiMessage.from(REPLY)).build();
        }
    }

    /** The input check: the same regex as the Silas gate {@code no_forbidden_input}. */
    static final class NoForbiddenInput implements InputGuardrail {
        private static final Pattern PATTERN = Pattern.compile(NO_FORBIDDEN, Pattern.DOTALL);

        @Override
        public InputGuardrailResult validate(UserMessage userMessage) {
            return PATTERN.matcher(userMessage.singleText()).matches() ? success() : failure("forbidden input");
        }
    }

    /** The output check: the same regex as the Silas gate {@code no_secret_output}. */
    static final class NoSecretOutput implements OutputGuardrail {
        private static final Pattern PATTERN = Pattern.compile(NO_SECRET, Pattern.DOTALL);

        @Override
        public OutputGuardrailResult validate(AiMessage responseFromLLM) {
            return PATTERN.matcher(responseFromLLM.text()).matches() ? success() : failure("secret output");
        }
    }

    private final Assistant assistant;
    private final TurnBench silas;
    private final String[] ids = new String[CONNECTIONS];
    private int next;

    PeerBench() {
        assistant = AiServices.builder(Assistant.class).chatModel(new FixedReplyModel())
                .inputGuardrails(new NoForbiddenInput()).outputGuardrails(new NoSecretOutput()).build();
        silas = new TurnBench(false, 2, 1, SILAS_CONFIG, REPLY);
        for (int i = 0; i < CONNECTIONS; i++) {
            ids[i] = "web:peer-" + i;
        }
    }

    /** One guarded LangChain4j call. */
    String langChain4j(long n) {
        return assistant.chat("message " + n + " about the garden");
    }

    /** One Silas turn (submit and wait), on the next of 1,000 connections in turn. */
    String silas(long n) {
        String id = ids[next];
        next = (next + 1) % CONNECTIONS;
        return silas.submit(id, "message " + n + " about the garden").join().reply();
    }

    @Override
    public void close() {
        silas.close();
    }
}
