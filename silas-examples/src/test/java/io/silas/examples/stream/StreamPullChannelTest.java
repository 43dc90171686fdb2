package io.silas.examples.stream;

import static io.silas.examples.stream.StreamAdmissionTest.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.audit.AuditEntry;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.stream.InboundSink;
import io.silas.core.stream.PullChannel;
import io.silas.core.stream.StartupReport;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Pull-style channels: started by {@code start()} as its last step, stopped by {@code shutdown}. */
class StreamPullChannelTest {

    /** A channel that polls a queue on its own thread, as a long-polling client would. */
    private static final class QueueChannel implements PullChannel {
        private final String name;
        private final BlockingQueue<ChannelMessage> inbound = new LinkedBlockingQueue<>();
        private final BlockingQueue<CompletableFuture<TurnResult>> results = new LinkedBlockingQueue<>();
        private final AtomicInteger stops = new AtomicInteger();
        private volatile Thread poller;

        QueueChannel(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(InboundSink sink) {
            poller = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        ChannelMessage message = inbound.take();
                        results.add(sink.submit(message, "pull:" + message.senderId(), "198.51.100.7")
                                .toCompletableFuture());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "queue-channel-" + name);
            poller.setDaemon(true);
            poller.start();
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
            poller.interrupt();
        }

        TurnResult nextResult() throws Exception {
            CompletableFuture<TurnResult> next = results.poll(30, TimeUnit.SECONDS);
            assertThat(next).as("a pulled message was submitted").isNotNull();
            return next.get(30, TimeUnit.SECONDS);
        }
    }

    private static final class BrokenChannel implements PullChannel {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public void start(InboundSink sink) {
            throw new IllegalStateException("cannot reach the bot API");
        }

        @Override
        public void stop() {
            throw new AssertionError("a channel that never started is never stopped");
        }
    }

    @Test
    void start_startsPullChannelsLast_pulledMessagesRunAsTurnsOnTheirConnection() throws Exception {
        try (StreamFixture f = new StreamFixture()) {
            QueueChannel channel = new QueueChannel("queue");
            Stream stream = f.builder(StreamFixture.direct(text -> "pulled: " + text)).pullChannel(channel).build();
            channel.inbound.add(f.message("bob", "hello from the queue"));
            assertThat(channel.results.poll(200, TimeUnit.MILLISECONDS)).as("not pulled before start()").isNull();

            StartupReport report = stream.start();

            TurnResult result = channel.nextResult();
            assertThat(report.startedChannels()).containsExactly("queue");
            assertThat(report.skippedSteps()).doesNotContain("pull_channels");
            assertThat(result.reply()).isEqualTo("pulled: hello from the queue");
            assertThat(f.channel.sentTo("pull:bob")).containsExactly("pulled: hello from the queue");
            List<String> events = f.audit.read(0, 1_000).stream().map(AuditEntry::event).toList();
            assertThat(events).containsSubsequence("stream_started", "channel_started");
            stream.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void start_oneChannelFailsToStart_auditedAsChannelFailureAndTheOthersStillStart() throws Exception {
        try (StreamFixture f = new StreamFixture()) {
            QueueChannel healthy = new QueueChannel("queue");
            Stream stream = f.builder(StreamFixture.direct(text -> "ok")).pullChannel(new BrokenChannel())
                    .pullChannel(healthy).build();

            StartupReport report = stream.start();

            assertThat(report.startedChannels()).containsExactly("queue");
            AuditEntry failed = f.audit.findByEvent("channel_start_failed").get(0);
            assertThat(data(failed)).containsEntry("channel", "broken")
                    .containsEntry("error_code", ErrorCode.CHANNEL_FAILURE.id());
            healthy.inbound.add(f.message("carol", "still here?"));
            assertThat(healthy.nextResult().reply()).isEqualTo("ok");
            stream.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void shutdown_stopsStartedChannelsOnceAndAuditsIt() {
        try (StreamFixture f = new StreamFixture()) {
            QueueChannel channel = new QueueChannel("queue");
            Stream stream = f.builder(StreamFixture.direct(text -> "ok")).pullChannel(channel).build();
            stream.start();

            stream.shutdown(Duration.ofSeconds(5));
            stream.shutdown(Duration.ofSeconds(5));

            assertThat(channel.stops).hasValue(1);
            assertThat(f.audit.findByEvent("channel_stopped")).singleElement()
                    .satisfies(e -> assertThat(data(e)).containsEntry("channel", "queue"));
        }
    }

    @Test
    void start_withoutPullChannels_stepAuditedAsSkipped() {
        try (StreamFixture f = new StreamFixture()) {
            Stream stream = f.builder(StreamFixture.direct(text -> "ok")).build();

            StartupReport report = stream.start();

            assertThat(report.startedChannels()).isEmpty();
            assertThat(report.skippedSteps()).contains("pull_channels");
        }
    }

    @Test
    void pullChannel_nullOrDuplicateName_invalidInput() {
        try (StreamFixture f = new StreamFixture()) {
            var builder = f.builder(StreamFixture.direct(text -> "ok")).pullChannel(new QueueChannel("queue"));

            assertThatThrownBy(() -> builder.pullChannel(new QueueChannel("queue")))
                    .isInstanceOfSatisfying(SilasException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).contains("pull_channel", "already added");
                    });
            assertThatThrownBy(() -> builder.pullChannel(null)).isInstanceOf(SilasException.class)
                    .hasMessageContaining("pull_channel");
        }
    }
}
