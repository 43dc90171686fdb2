package io.silas.core.stream;

import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.work.WorkProgressEvent;
import io.silas.core.work.WorkProgressListener;
import java.util.Locale;

/**
 * Sends work progress to a connection. {@link #to} makes the listener of one execution call (the Stream passes it in
 * the call's {@code ExecutionContext}); used directly — by an execution that was given no context, such as a goal
 * cycle of the scheduler — it reports to the owner's primary connection. Thread-safe.
 *
 * <p><b>Security guarantees:</b> the recipient is fixed per call, never taken from a thread or from the work item, so
 * events of one execution can never reach another connection; without one they go to the owner, never to a sender.
 */
final class ProgressRouter implements WorkProgressListener {
    private final ChannelAdapter channel;
    private final OwnerChannel owner;

    ProgressRouter(ChannelAdapter channel, OwnerChannel owner) {
        this.channel = channel;
        this.owner = owner;
    }

    /** The listener of one execution whose progress goes to {@code connectionId}. */
    WorkProgressListener to(String connectionId) {
        return event -> channel.send(connectionId, text(event));
    }

    @Override
    public void onProgress(WorkProgressEvent event) {
        channel.send(owner.primary(), text(event));
    }

    /** The user-facing progress line: kind, item id and the executor's user-safe detail. */
    static String text(WorkProgressEvent event) {
        String line = "[" + event.kind().name().toLowerCase(Locale.ROOT) + "] " + event.workItemId();
        return event.detail().isEmpty() ? line : line + ": " + event.detail();
    }
}
