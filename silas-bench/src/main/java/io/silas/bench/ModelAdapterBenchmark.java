package io.silas.bench;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.context.ContextEntry;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextZone;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.langchain4j.LangChain4jAgents;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The LangChain4j adapter's cost, all on one fake {@link ChatModel} that answers a fixed route decision
 * after {@code latencyMicros} of simulated model latency (parked, as a network wait is):
 *
 * <ul>
 *   <li>{@code bareChat} — the anchor: {@code ChatModel.chat} with a system and a user message;</li>
 *   <li>{@code adapterRoute} — {@code LangChain4jAgents.proxy(model).route(request)} for a turn request with ten
 *       context entries: message mapping, native schema response format, strict snake_case reading. The adapter's
 *       overhead per turn is {@code adapterRoute − bareChat};</li>
 *   <li>{@code silasTurn} — a whole in-memory Stream turn whose proxy is that adapter, with one input and one output
 *       policy gate, against {@code aiServicesGuarded} — LangChain4j {@code AiServices} with one input and one output
 *       guardrail over the same model.</li>
 * </ul>
 * Average time per call; report ratios between rows of the same run.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Threads(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 4, time = 3)
public class ModelAdapterBenchmark {
    static final String ROUTE = "{\"route\":\"direct\",\"reason\":\"bench\",\"response\":{\"message\":\""
            + PeerBench.REPLY + "\",\"memory_queries\":[],\"memory_ops\":[],\"plan_action\":null,"
            + "\"needs_approval\":false},\"interaction_register\":\"status\","
            + "\"interaction_mode\":\"default_and_offer\",\"continuation_of\":null,\"context_profile\":\"conversation\"}";

    /** Answers {@link #ROUTE} after the configured latency; declares a native JSON-schema response format. */
    static final class FixedRouteModel implements ChatModel {
        private final long latencyNanos;

        FixedRouteModel(long latencyNanos) {
            this.latencyNanos = latencyNanos;
        }

        @Override
        public Set<Capability> supportedCapabilities() {
            return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            if (latencyNanos > 0) {
                long end = System.nanoTime() + latencyNanos;
                for (long left = latencyNanos; left > 0; left = end - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(ROUTE)).tokenUsage(new TokenUsage(200, 60))
                    .build();
        }
    }

    @Param({"0", "1000"})
    public int latencyMicros;

    private ChatModel model;
    private ChatRequest bare;
    private ProxyAgent proxy;
    private AgentRequest request;
    private PeerBench.Assistant guarded;
    private TurnBench silas;
    private long n;

    @Setup(Level.Trial)
    public void setUp() {
        model = new FixedRouteModel(TimeUnit.MICROSECONDS.toNanos(latencyMicros));
        bare = ChatRequest.builder().messages(SystemMessage.from("You are the proxy."),
                UserMessage.from("message about the garden")).build();
        proxy = LangChain4jAgents.proxy(model);
        List<ContextEntry> entries = new ArrayList<>();
        entries.add(new ContextEntry(ContextZone.SYSTEM, ContextEntry.Role.SYSTEM, ContextKind.SYSTEM,
                "Be helpful and brief.", TaintLevel.OWNER, 0, "constitution", false));
        for (int turn = 1; turn <= 4; turn++) {
            entries.add(new ContextEntry(ContextZone.CHRONICLE, ContextEntry.Role.USER, ContextKind.MESSAGE,
                    "message " + turn + " about the garden", TaintLevel.OWNER, turn, "channel:web", false));
            entries.add(new ContextEntry(ContextZone.CHRONICLE, ContextEntry.Role.ASSISTANT, ContextKind.MESSAGE,
                    PeerBench.REPLY, TaintLevel.OWNER, turn, "agent:direct", false));
        }
        entries.add(new ContextEntry(ContextZone.MEMORY, ContextEntry.Role.CONTEXT, ContextKind.MEMORY,
                "likes tomatoes", TaintLevel.OWNER, 2, "memory:profile", false));
        request = AgentRequest.forTurn("message about the garden", TaintLevel.OWNER, "rendered", entries);
        guarded = AiServices.builder(PeerBench.Assistant.class).chatModel(model)
                .inputGuardrails(new PeerBench.NoForbiddenInput()).outputGuardrails(new PeerBench.NoSecretOutput())
                .build();
        silas = new TurnBench(false, 2, 1, PeerBench.SILAS_CONFIG, proxy);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        silas.close();
    }

    @Benchmark
    public String bareChat() {
        return model.chat(bare).aiMessage().text();
    }

    @Benchmark
    public RouteDecision adapterRoute() {
        return proxy.route(request);
    }

    @Benchmark
    public String aiServicesGuarded() {
        return guarded.chat("message " + n++ + " about the garden");
    }

    @Benchmark
    public String silasTurn() {
        String id = "web:adapter-" + (n++ % PeerBench.CONNECTIONS);
        return silas.submit(id, "message " + n + " about the garden").join().reply();
    }
}
