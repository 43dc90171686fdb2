package io.silas.examples.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.silas.examples.Demo;
import io.silas.micrometer.SilasMicrometer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenTelemetry export through Micrometer Tracing's OTel bridge: the scripted demo's spans, caught by the OTel SDK's
 * in-memory exporter, form one trace per turn whose children are the turn's gate checks and agent calls, and one
 * trace per work-item run whose children are its sandbox runs.
 */
class DemoTracingTest {
    private static final AttributeKey<String> SCOPE_ID = AttributeKey.stringKey("silas.scope_id");
    private static final AttributeKey<String> TURN_ID = AttributeKey.stringKey("silas.turn_id");

    @TempDir
    Path tmp;

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();

    @BeforeEach
    void permissions() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @AfterEach
    void close() {
        provider.close();
    }

    private List<SpanData> runDemo() throws Exception {
        OtelTracer tracer = new OtelTracer(provider.get("silas-test"), new OtelCurrentTraceContext(), event -> { });
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
        boolean ok = new Demo(tmp.resolve("data"), tmp.resolve("keys/master.key"),
                new PrintStream(transcript, true, StandardCharsets.UTF_8), Clock.systemUTC())
                .observer(SilasMicrometer.observer(new SimpleMeterRegistry(), observations))
                .run();
        assertThat(ok).as(transcript.toString(StandardCharsets.UTF_8)).isTrue();
        return exporter.getFinishedSpanItems();
    }

    @Test
    void scriptedDemo_oneTracePerTurnWithGateAndAgentChildren() throws Exception {
        List<SpanData> spans = runDemo();

        List<SpanData> turns = spans.stream().filter(s -> s.getName().equals("silas.turn")).toList();
        assertThat(turns).hasSizeGreaterThanOrEqualTo(4);
        assertThat(turns).allSatisfy(turn -> {
            assertThat(turn.getParentSpanContext().isValid()).as("a turn is a trace's root").isFalse();
            assertThat(turn.getAttributes().get(SCOPE_ID)).isNotBlank();
            assertThat(turn.getAttributes().get(TURN_ID)).matches("\\d+");
        });
        assertThat(turns.stream().map(SpanData::getTraceId).distinct()).hasSameSizeAs(turns);

        Map<String, SpanData> turnBySpanId = turns.stream()
                .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        List<SpanData> turnChildren = spans.stream()
                .filter(s -> s.getName().equals("silas.gate.check") || s.getName().equals("silas.agent.call"))
                .toList();
        assertThat(turnChildren).allSatisfy(child -> {
            SpanData parent = turnBySpanId.get(child.getParentSpanId());
            assertThat(parent).as("parent turn of %s", child.getName()).isNotNull();
            assertThat(child.getTraceId()).isEqualTo(parent.getTraceId());
        });
        Map<String, Set<String>> childNamesByTurn = turnChildren.stream().collect(Collectors.groupingBy(
                SpanData::getParentSpanId, Collectors.mapping(SpanData::getName, Collectors.toSet())));
        assertThat(childNamesByTurn.values()).contains(Set.of("silas.gate.check", "silas.agent.call"));

        SpanData run = spans.stream().filter(s -> s.getName().equals("silas.work.run")).findFirst().orElseThrow();
        assertThat(spans.stream().filter(s -> s.getName().equals("silas.sandbox.run")))
                .isNotEmpty()
                .allSatisfy(sandbox -> assertThat(sandbox.getTraceId()).isEqualTo(run.getTraceId()));
    }
}
