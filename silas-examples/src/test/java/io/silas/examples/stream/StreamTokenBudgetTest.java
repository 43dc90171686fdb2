package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.silas.core.context.TokenCounter;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryType;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.langchain4j.LangChain4jAgents;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token usage a model reports feeds the scope's context budget: the same three turns against a 2,000-token window
 * fit when the model's count matches Silas's estimate, and push the oldest chronicle messages out (stored to memory
 * as {@code context_eviction} episodes) when the model reports four times the estimate for what it was sent.
 */
class StreamTokenBudgetTest {
    private static final String CONFIG = StreamFixture.CONFIG_YAML + """
            context:
              total_tokens: 2000
              system_max: 500
            """;
    private static final String REPLY = "r".repeat(350);

    private StreamFixture fx;
    private Stream stream;

    /** Answers directly with a 100-token reply and reports {@code factor} times the estimate of what it was sent. */
    static final class CountingModel implements ChatModel {
        private final int factor;

        CountingModel(int factor) {
            this.factor = factor;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            long estimate = 0;
            for (ChatMessage message : request.messages()) {
                String text = message instanceof SystemMessage s ? s.text()
                        : message instanceof UserMessage u ? u.singleText()
                        : message instanceof AiMessage a ? a.text() : "";
                estimate += TokenCounter.heuristic().count(text);
            }
            String route = "{\"route\":\"direct\",\"reason\":\"chat\",\"response\":{\"message\":\"" + REPLY + "\","
                    + "\"memory_queries\":[],\"memory_ops\":[],\"plan_action\":null,\"needs_approval\":false},"
                    + "\"interaction_register\":\"status\",\"interaction_mode\":\"default_and_offer\","
                    + "\"continuation_of\":null,\"context_profile\":\"conversation\"}";
            return ChatResponse.builder().aiMessage(AiMessage.from(route))
                    .tokenUsage(new TokenUsage((int) (estimate * factor), 100)).build();
        }
    }

    @AfterEach
    void tearDown() {
        if (stream != null) {
            stream.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private List<MemoryItem> evictedAfterThreeTurns(int factor) throws Exception {
        fx = new StreamFixture(CONFIG);
        stream = fx.builder(LangChain4jAgents.proxy(new CountingModel(factor))).build();
        TurnResult last = null;
        for (int turn = 1; turn <= 3; turn++) {
            last = stream.submit(fx.message("web:budget", turn + " " + "m".repeat(348)), "web:budget")
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(last.reply()).isEqualTo(REPLY);
        }
        return fx.memory.listByType(last.scopeId(), MemoryType.EPISODE).stream()
                .filter(m -> m.sourceKind().equals("context_eviction")).toList();
    }

    @Test
    void modelCountsWhatSilasEstimates_threeTurnsFit_nothingEvicted() throws Exception {
        assertThat(evictedAfterThreeTurns(1)).isEmpty();
    }

    @Test
    void modelCountsFourTimesTheEstimate_theSameTurnsOverflowTheChronicle_oldestEvicted() throws Exception {
        List<MemoryItem> evicted = evictedAfterThreeTurns(4);

        assertThat(evicted).isNotEmpty();
        assertThat(evicted).anySatisfy(m -> assertThat(m.content()).startsWith("1 mmm"));
    }
}
