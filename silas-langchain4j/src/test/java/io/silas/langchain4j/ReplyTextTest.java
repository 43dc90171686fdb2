package io.silas.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reply text is found in a streamed structured answer however the stream splits it. */
class ReplyTextTest {
    private static final String DIRECT = "```json\n{\"route\":\"direct\",\"reason\":\"r \\\"q\\\"\",\"response\":{"
            + "\"message\":\"Caf\\u00e9 \\\"open\\\".\\nLine two \\\\ done.\",\"memory_queries\":[{\"query\":\"x\"}],"
            + "\"memory_ops\":[],\"plan_action\":null,\"needs_approval\":false},\"interaction_register\":\"status\"}\n```";

    private static final class Parts implements AgentListener {
        final List<String> parts = new ArrayList<>();

        @Override
        public void replyPart(String text) {
            parts.add(text);
        }

        String joined() {
            return String.join("", parts);
        }
    }

    private static Parts feed(boolean proxy, String answer, int pieceSize) {
        Parts parts = new Parts();
        ReplyText reply = proxy ? ReplyText.proxy(parts) : ReplyText.planner(parts);
        for (int i = 0; i < answer.length(); i += pieceSize) {
            reply.feed(answer.substring(i, Math.min(answer.length(), i + pieceSize)));
        }
        return parts;
    }

    @Test
    void directRoute_theDecodedMessageOnly_whateverTheSplit() {
        for (int size = 1; size <= DIRECT.length(); size++) {
            assertThat(feed(true, DIRECT, size).joined()).as("pieces of %d", size)
                    .isEqualTo("Café \"open\".\nLine two \\ done.");
        }
    }

    @Test
    void plannerRoute_orARouteNamedAfterTheMessage_nothingStreams() {
        String planner = DIRECT.replace("\"route\":\"direct\"", "\"route\":\"planner\"");
        String late = "{\"response\":{\"message\":\"early\"},\"route\":\"direct\"}";

        assertThat(feed(true, planner, 3).parts).isEmpty();
        assertThat(feed(true, late, 3).parts).isEmpty();
    }

    @Test
    void plannerAnswer_itsTopLevelMessage_notANestedOne() {
        String answer = "{\"plan_action\":{\"message\":\"nested\"},\"message\":\"I will plan it.\",\"memory_ops\":[]}";

        assertThat(feed(false, answer, 4).joined()).isEqualTo("I will plan it.");
    }
}
