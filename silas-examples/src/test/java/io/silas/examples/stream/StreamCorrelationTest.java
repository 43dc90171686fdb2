package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.error.Correlation;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.stream.Stream;
import io.silas.core.vocabulary.InteractionMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Correlation ids in logs and exceptions: during a turn, the SLF4J MDC of the turn's thread and of the agent thread
 * it hands the model call to holds the scope and turn ids (and nothing else of Silas's), it is clear again on the
 * turn thread afterwards, and an exception created during the turn carries the same ids. Never message text.
 */
class StreamCorrelationTest {
    private static final String SECRET_TEXT = "my card number is 4111 1111 1111 1111";

    private final StreamFixture fixture = new StreamFixture();
    private final ExecutorService turnThread = Executors.newSingleThreadExecutor();
    private final List<Map<String, String>> agentMdc = new CopyOnWriteArrayList<>();
    private final List<SilasException> madeDuringTurn = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        turnThread.shutdownNow();
        fixture.close();
    }

    private Stream stream() {
        ProxyAgent proxy = request -> {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            agentMdc.add(mdc == null ? Map.of() : new HashMap<>(mdc));
            madeDuringTurn.add(new SilasException(ErrorCode.LLM_UNAVAILABLE, "model busy"));
            return RouteDecision.direct(AgentResponse.reply("ok"), "scripted", InteractionRegister.STATUS,
                    InteractionMode.DEFAULT_AND_OFFER, "conversation");
        };
        return Stream.builder().config(fixture.config).audit(fixture.audit)
                .stores(fixture.chronicle, fixture.memory, fixture.workItems).proxy(proxy).gateRunner(fixture.gates)
                .messageTrust(fixture.trust).channel(fixture.channel).turnExecutor(turnThread)
                .backgroundExecutor(fixture.background).clock(fixture.clock).build();
    }

    private static Map<String, String> silasKeys(Map<String, String> mdc) {
        Map<String, String> silas = new HashMap<>(mdc);
        silas.keySet().removeIf(k -> !k.startsWith("silas."));
        return silas;
    }

    @Test
    void turns_agentThreadLogsCarryScopeAndTurnIds_turnThreadIsClearAfterwards() throws Exception {
        try (Stream stream = stream()) {
            stream.submit(fixture.message("alice", SECRET_TEXT), "web:alice").toCompletableFuture().join();
            stream.submit(fixture.message("alice", "second"), "web:alice").toCompletableFuture().join();

            Map<String, String> after = turnThread.submit(() -> {
                Map<String, String> mdc = MDC.getCopyOfContextMap();
                return mdc == null ? Map.<String, String>of() : silasKeys(mdc);
            }).get();
            assertThat(after).isEmpty();
            assertThat(Correlation.current()).isEqualTo(new Correlation.Ids(null, null, null));
        }
        assertThat(agentMdc).hasSize(2);
        assertThat(silasKeys(agentMdc.get(0))).containsExactlyInAnyOrderEntriesOf(
                Map.of(Correlation.MDC_SCOPE_ID, "web:alice", Correlation.MDC_TURN_ID, "1"));
        assertThat(silasKeys(agentMdc.get(1))).containsExactlyInAnyOrderEntriesOf(
                Map.of(Correlation.MDC_SCOPE_ID, "web:alice", Correlation.MDC_TURN_ID, "2"));
        assertThat(agentMdc.toString()).doesNotContain("4111");
    }

    @Test
    void exceptionCreatedDuringTurn_carriesScopeAndTurnIdsButNoMessageText() {
        try (Stream stream = stream()) {
            stream.submit(fixture.message("bob", SECRET_TEXT), "web:bob").toCompletableFuture().join();
        }
        SilasException e = madeDuringTurn.get(0);
        assertThat(e.scopeId()).isEqualTo("web:bob");
        assertThat(e.turnId()).isEqualTo("1");
        assertThat(e.workItemId()).isNull();
        assertThat(e.toString()).isEqualTo("SilasException[llm.llm_unavailable] (scope=web:bob, turn=1): model busy")
                .doesNotContain("4111");
    }

    @Test
    void exceptionCreatedOutsideAnyTurn_carriesNoIds() {
        SilasException e = new SilasException(ErrorCode.INTERNAL, "outside");
        assertThat(e.scopeId()).isNull();
        assertThat(e.turnId()).isNull();
        assertThat(e.toString()).isEqualTo("SilasException[internal.internal]: outside");
    }
}
