package io.silas.core.stream;

/**
 * A channel the runtime pulls messages from (long polling, a queue consumer, a terminal reader), as opposed to a
 * host-owned channel that pushes each message with {@link Stream#submit}. Register it with
 * {@link StreamBuilder#pullChannel}; {@link Stream#start()} starts it as the last startup step, after the inbox
 * replay and rehydration, so nothing new is admitted before the restart work is queued; {@link Stream#shutdown}
 * stops it before the drain begins. Replies still go out through the Stream's {@code ChannelAdapter}.
 *
 * <p>Implementations run their polling on their own threads: {@link #start} and {@link #stop} must return promptly.
 * A {@code start} that throws is audited {@code channel_start_failed} and the other channels still start.
 */
public interface PullChannel {
    /** {@return a stable, unique name used in audit events (e.g. {@code telegram})} */
    String name();

    /**
     * Begins pulling; every received message goes to {@code sink}. Called once.
     *
     * @param sink the sink
     */
    void start(InboundSink sink);

    /** Stops pulling; no message is handed to the sink after it returns. Called at most once, after start. */
    void stop();
}
