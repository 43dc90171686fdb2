package io.silas.core.stream;

import io.silas.core.channel.StreamingChannel;
import io.silas.core.error.SilasException;
import io.silas.core.limit.InputSize;
import java.util.function.Predicate;

/**
 * One turn's reply streamed to a {@link StreamingChannel}, a segment at a time and only what the output gates
 * passed. The agent's parts are buffered; whenever the buffer holds a new complete segment (up to the last line
 * break, or the last {@code . ! ?} followed by white space), the output gates check the whole reply up to that
 * point ({@code passes}); if they pass it unchanged, the new segment is sent as a part. The first segment they
 * block, hold for approval or rewrite stops the stream: nothing of it or after it is sent, and the turn's final
 * reply — decided by the unchanged whole-reply check — ends the stream, replacing the parts
 * ({@link StreamingChannel#endReply}). So does a failed send, a reply over {@code limits.max_reply_bytes}, or the
 * end of the first model call (a retry's parts are not streamed).
 *
 * <p>Thread-safe: parts arrive on the model's callback thread, the end on the turn's.
 *
 * <p><b>Security guarantees:</b> only text that the turn's output gates passed, as a prefix of the reply and
 * unchanged, reaches the channel before the final reply; an unfinished word or sentence is never checked or sent
 * (a pattern still being written cannot slip through half-matched); the final reply always replaces the parts.
 */
final class ReplyStream {
    private final StreamingChannel channel;
    private final String connectionId;
    private final String replyId;
    private final Predicate<String> passes;
    private final int maxReplyBytes;
    private final StringBuilder text = new StringBuilder();
    private int released;
    private boolean open = true;
    private boolean ended;

    /**
     * @param passes whether the output gates pass a prefix of the reply unchanged (no block, approval or rewrite)
     */
    ReplyStream(StreamingChannel channel, String connectionId, String replyId, Predicate<String> passes,
                int maxReplyBytes) {
        this.channel = channel;
        this.connectionId = connectionId;
        this.replyId = replyId;
        this.passes = passes;
        this.maxReplyBytes = maxReplyBytes;
    }

    /** Buffers a part and sends every new complete segment the gates pass. */
    synchronized void part(String part) {
        if (!open || part.isEmpty()) {
            return;
        }
        text.append(part);
        if (InputSize.exceeds(text, maxReplyBytes)) {
            stop();
            return;
        }
        int end = segmentEnd(text, released);
        if (end <= released) {
            return;
        }
        String prefix = text.substring(0, end);
        if (!passes.test(prefix)) {
            stop();
            return;
        }
        try {
            channel.sendPart(connectionId, replyId, prefix.substring(released));
            released = end;
        } catch (RuntimeException e) {
            stop();
        }
    }

    /** No more parts are taken (the first model call ended, or the turn moved on). */
    synchronized void stop() {
        open = false;
        text.setLength(0);
    }

    /** Whether parts reached the channel and the stream was not ended yet (the final reply must end it). */
    synchronized boolean started() {
        return released > 0 && !ended;
    }

    /**
     * Ends the stream with the turn's final reply ({@code ""}: withdrawn), which replaces every part sent.
     *
     * @throws SilasException as {@link Replies#send}
     */
    void end(String finalText) {
        synchronized (this) {
            stop();
            ended = true;
        }
        Replies.end(channel, connectionId, replyId, finalText);
    }

    /** The end of the last complete segment in {@code text} after {@code from}, or {@code from} when none. */
    static int segmentEnd(CharSequence text, int from) {
        for (int i = text.length() - 1; i >= from; i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if (Character.isWhitespace(c) && i > from && isSentenceEnd(text.charAt(i - 1))) {
                return i + 1;
            }
        }
        return from;
    }

    private static boolean isSentenceEnd(char c) {
        return c == '.' || c == '!' || c == '?';
    }
}
