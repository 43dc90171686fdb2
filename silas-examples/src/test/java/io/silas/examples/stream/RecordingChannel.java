package io.silas.examples.stream;

import io.silas.core.channel.ChannelAdapter;
import io.silas.core.error.Correlation;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real in-process channel that records what was sent to each recipient, in order. */
final class RecordingChannel implements ChannelAdapter {
    private final Map<String, List<String>> sent = new HashMap<>();
    private final java.util.Set<String> failNext = new java.util.HashSet<>();
    private final Map<String, List<Correlation.Ids>> idsAtSend = new HashMap<>();

    @Override
    public String name() {
        return "test";
    }

    @Override
    public synchronized void send(String recipientId, String text) {
        if (failNext.remove(recipientId)) {
            throw new SilasException(ErrorCode.CHANNEL_FAILURE, "delivery failed");
        }
        sent.computeIfAbsent(recipientId, k -> new ArrayList<>()).add(text);
        idsAtSend.computeIfAbsent(recipientId, k -> new ArrayList<>()).add(Correlation.current());
        notifyAll();
    }

    /** The next send to {@code recipientId} fails with {@code CHANNEL_FAILURE}. */
    synchronized void failNextSendTo(String recipientId) {
        failNext.add(recipientId);
    }

    synchronized List<String> sentTo(String recipientId) {
        return List.copyOf(sent.getOrDefault(recipientId, List.of()));
    }

    /** The correlation ids in force on the sending thread, per message to {@code recipientId}, in order. */
    synchronized List<Correlation.Ids> idsAtSendTo(String recipientId) {
        return List.copyOf(idsAtSend.getOrDefault(recipientId, List.of()));
    }

    synchronized Map<String, List<String>> all() {
        Map<String, List<String>> copy = new HashMap<>();
        sent.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /** Waits until a message to {@code recipientId} matches; fails the test after 60 s without one. */
    synchronized String await(String recipientId, Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            for (String text : sent.getOrDefault(recipientId, List.of())) {
                if (match.test(text)) {
                    return text;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching message to " + recipientId + "; got " + sentTo(recipientId));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
