package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the registered {@link PullChannel}s, auditing each step ({@value #EVENT_STARTED},
 * {@value #EVENT_START_FAILED} with {@code CHANNEL_FAILURE}, {@value #EVENT_STOPPED}). A channel that fails to start
 * or stop never keeps the others from starting or stopping. Thread-safe (calls are serialised).
 */
final class PullChannels {
    static final String EVENT_STARTED = "channel_started";
    static final String EVENT_START_FAILED = "channel_start_failed";
    static final String EVENT_STOPPED = "channel_stopped";

    private static final Logger LOG = LoggerFactory.getLogger(PullChannels.class);

    private final List<PullChannel> channels;
    private final AuditLog audit;
    private final List<PullChannel> running = new ArrayList<>();

    PullChannels(List<PullChannel> channels, AuditLog audit) {
        this.channels = List.copyOf(channels);
        this.audit = audit;
    }

    boolean isEmpty() {
        return channels.isEmpty();
    }

    /** Starts every channel; returns the names of those that started. */
    synchronized List<String> start(InboundSink sink) {
        List<String> started = new ArrayList<>();
        for (PullChannel channel : channels) {
            try {
                channel.start(sink);
                running.add(channel);
                started.add(channel.name());
                audit.append(EVENT_STARTED, AuditData.create().put("channel", channel.name()));
            } catch (RuntimeException e) {
                LOG.warn("Pull channel {} failed to start: {}", channel.name(), e.getClass().getSimpleName());
                audit.append(EVENT_START_FAILED, AuditData.create().put("channel", channel.name())
                        .put("error_code", ErrorCode.CHANNEL_FAILURE.id()).put("error", e.getClass().getSimpleName()));
            }
        }
        return List.copyOf(started);
    }

    /** Stops every started channel once; later calls do nothing. */
    synchronized void stop() {
        for (PullChannel channel : running) {
            try {
                channel.stop();
                audit.append(EVENT_STOPPED, AuditData.create().put("channel", channel.name()));
            } catch (RuntimeException e) {
                LOG.warn("Pull channel {} failed to stop: {}", channel.name(), e.getClass().getSimpleName());
                audit.append(EVENT_STOPPED, AuditData.create().put("channel", channel.name())
                        .put("error_code", ErrorCode.CHANNEL_FAILURE.id()).put("error", e.getClass().getSimpleName()));
            }
        }
        running.clear();
    }
}
