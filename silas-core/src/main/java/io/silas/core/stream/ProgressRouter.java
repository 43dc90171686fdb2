package io.silas.core.stream;

import io.silas.core.channel.ChannelAdapter;
import io.silas.core.work.WorkProgressEvent;
import io.silas.core.work.WorkProgressListener;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends work progress to the connection whose turn approved the work. The work executor calls listeners on the
 * executing thread, so the recipient is bound to that thread for the duration of one execution: events of one
 * connection's work can never reach another connection. Thread-safe.
 */
final class ProgressRouter implements WorkProgressListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressRouter.class);

    private final ChannelAdapter channel;
    private final ThreadLocal<String> recipient = new ThreadLocal<>();

    ProgressRouter(ChannelAdapter channel) {
        this.channel = channel;
    }

    /** Runs {@code work} with its progress going to {@code connectionId}. */
    <T> T runFor(String connectionId, Supplier<T> work) {
        recipient.set(connectionId);
        try {
            return work.get();
        } finally {
            recipient.remove();
        }
    }

    @Override
    public void onProgress(WorkProgressEvent event) {
        String to = recipient.get();
        if (to == null) {
            LOG.debug("Progress of {} outside a Stream execution; not sent", event.workItemId());
            return;
        }
        channel.send(to, text(event));
    }

    /** The user-facing progress line: kind, item id and the executor's user-safe detail. */
    static String text(WorkProgressEvent event) {
        String line = "[" + event.kind().name().toLowerCase(Locale.ROOT) + "] " + event.workItemId();
        return event.detail().isEmpty() ? line : line + ": " + event.detail();
    }
}
