package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.config.SilasConfig;
import io.silas.core.context.ChronicleStore;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryStore;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItemStore;
import io.silas.gates.Gates;
import io.silas.micrometer.SilasMicrometer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Promise: what the model or a sender says never leaves through telemetry. A model that fails with the sender's
 * secret in its exception message (a plain exception and a {@code SilasException}), on a turn whose message holds
 * the secret, leaves no trace of it in any span (name, attribute, event, status), any meter id or the MDC — the
 * observer sees only ids, configured names and error codes.
 */
class ModelTelemetryAttackTest {
    private static final String SECRET = "hunter2-sk-live-51HxY";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> mdcSeen = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void modelFailsQuotingTheSecret_noSpanMeterOrMdcCarriesIt() {
        AtomicInteger calls = new AtomicInteger();
        ProxyAgent leakyModel = request -> {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            mdcSeen.add(String.valueOf(mdc));
            if (calls.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("model echoed: " + request.message());
            }
            throw new SilasException(ErrorCode.LLM_OUTPUT_INVALID, "bad output: " + request.message());
        };
        OtelTracer tracer = new OtelTracer(provider.get("attack"), new OtelCurrentTraceContext(), event -> { });
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
        Clock clock = Clock.systemUTC();
        AuditLog audit = AuditLog.inMemory(clock);
        ChannelAdapter channel = new ChannelAdapter() {
            @Override
            public String name() {
                return "attack";
            }

            @Override
            public void send(String recipientId, String text) {
                // replies are not what this test looks at
            }
        };
        List<TurnResult> results = new ArrayList<>();
        try (Stream stream = Stream.builder().config(SilasConfig.parse("{}", name -> null)).audit(audit)
                .stores(ChronicleStore.inMemory(), MemoryStore.inMemory(), WorkItemStore.inMemory())
                .proxy(leakyModel).gateRunner(Gates.runner().audit(audit).provider(Gates.predicate()).build())
                .messageTrust(MessageTrust.builder().ownerPublicKey(SigningKeys.generate().publicKey())
                        .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build())
                .channel(channel).clock(clock)
                .observer(SilasMicrometer.observer(meters, observations)).build()) {
            for (int i = 0; i < 2; i++) {
                results.add(stream.submit(ChannelMessage.of("web", "mallory", "my password is " + SECRET,
                        clock.instant()), "web:mallory").toCompletableFuture().join());
            }
        }

        assertThat(results).hasSize(2);
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).contains("silas.turn", "silas.agent.call");
        assertThat(spans).anySatisfy(span -> assertThat(span.getEvents()).isNotEmpty());
        assertThat(spans).allSatisfy(span -> assertThat(span.toString()).doesNotContain(SECRET));
        assertThat(meters.getMeters()).isNotEmpty()
                .allSatisfy(meter -> assertThat(describe(meter)).doesNotContain(SECRET));
        assertThat(mdcSeen).hasSizeGreaterThanOrEqualTo(2).allSatisfy(mdc -> assertThat(mdc).doesNotContain(SECRET));
    }

    private static String describe(Meter meter) {
        return meter.getId().toString();
    }
}
