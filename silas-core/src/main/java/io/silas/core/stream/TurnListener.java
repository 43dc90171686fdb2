package io.silas.core.stream;

import io.silas.core.agent.AgentListener;
import io.silas.core.context.ContextManager;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AgentListener} of one turn: reply parts go to the turn's {@link ReplyStream} when its channel streams
 * (else they are dropped), reported token usage calibrates the scope's context budget. Thread-safe.
 */
final class TurnListener implements AgentListener {
    private final ContextManager context;
    private final @Nullable ReplyStream stream;

    TurnListener(ContextManager context, @Nullable ReplyStream stream) {
        this.context = context;
        this.stream = stream;
    }

    @Override
    public void replyPart(String text) {
        if (stream != null && text != null) {
            stream.part(text);
        }
    }

    @Override
    public void replyEnd() {
        if (stream != null) {
            stream.stop();
        }
    }

    @Override
    public void tokenUsage(List<String> sentTexts, long inputTokens, long outputTokens) {
        context.calibrate(sentTexts, inputTokens);
    }

    /** The turn's reply stream, or null when the channel does not stream. */
    @Nullable ReplyStream stream() {
        return stream;
    }
}
