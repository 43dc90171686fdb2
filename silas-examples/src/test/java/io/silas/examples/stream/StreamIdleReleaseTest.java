package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.vocabulary.InteractionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Idle release of per-scope turn processors: bounded live processors, recreated from the stores with their context
 * and turn counter, ordering kept, and no "session rehydrated" message within one process.
 */
class StreamIdleReleaseTest {
    private static final String REHYDRATED = "[SYSTEM] Session rehydrated after restart.";

    private final Map<String, List<AgentRequest>> seen = new ConcurrentHashMap<>();
    private StreamFixture fx;
    private Stream stream;

    @AfterEach
    void tearDown() {
        stream.close();
        fx.close();
    }

    private ProxyAgent recording() {
        return request -> {
            String scope = request.message().substring(0, request.message().indexOf('|'));
            seen.computeIfAbsent(scope, k -> new CopyOnWriteArrayList<>()).add(request);
            return RouteDecision.direct(AgentResponse.reply("reply to " + request.message()), "scripted",
                    InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER, "conversation");
        };
    }

    private Stream streamWith(String turnsYaml) {
        fx = new StreamFixture(turnsYaml + "\n" + StreamFixture.CONFIG_YAML);
        return fx.builder(recording()).build();
    }

    private TurnResult turn(String connection, String text) throws Exception {
        return stream.submit(fx.message(connection, text), connection).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void manyScopes_liveProcessorsBounded_orderContextAndCountersPreserved() throws Exception {
        stream = streamWith("turns: { max_live_processors: 4 }");
        int scopes = 60;
        int perScope = 4;
        List<CompletableFuture<TurnResult>> futures = new ArrayList<>();
        for (int m = 1; m <= perScope; m++) {
            for (int s = 0; s < scopes; s++) {
                String c = "c" + s;
                futures.add(stream.submit(fx.message(c, c + "|m" + m), c).toCompletableFuture());
            }
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(stream.liveProcessors()).isLessThanOrEqualTo(4);
        for (int s = 0; s < scopes; s++) {
            String c = "c" + s;
            List<String> expected = new ArrayList<>();
            for (int m = 1; m <= perScope; m++) {
                expected.add(c + "|m" + m);
                expected.add("reply to " + c + "|m" + m);
            }
            assertThat(fx.chronicleOf(c)).containsExactlyElementsOf(expected);
            List<AgentRequest> requests = seen.get(c);
            assertThat(requests).hasSize(perScope);
            AgentRequest last = requests.get(perScope - 1);
            assertThat(last.context()).contains(c + "|m1", "reply to " + c + "|m3").doesNotContain(REHYDRATED);
            String foreign = "c(?!" + s + "\\|)[0-9]+\\|m";
            assertThat(requests).allSatisfy(r -> assertThat(r.context()).doesNotContainPattern(foreign));
        }
        assertThat(futures).extracting(f -> f.join().connectionId() + "#" + f.join().turnNumber())
                .contains("c0#1", "c0#4", "c59#4").doesNotHaveDuplicates();
    }

    @Test
    void idleTimeout_releasesIdleScopes_recreatedWithContinuingTurnNumberAndNoRehydrationMessage()
            throws Exception {
        stream = streamWith("turns: { processor_idle_seconds: 60 }");
        turn("a", "a|one");
        turn("b", "b|one");
        turn("b", "b|two");
        turn("c", "c|one");
        assertThat(stream.liveProcessors()).isEqualTo(3);

        fx.clock.advance(Duration.ofSeconds(61));
        turn("a", "a|two");
        assertThat(stream.liveProcessors()).isEqualTo(1);

        TurnResult third = turn("b", "b|three");

        assertThat(third.turnNumber()).isEqualTo(3);
        AgentRequest request = seen.get("b").get(2);
        assertThat(request.context()).contains("b|one", "reply to b|two").doesNotContain(REHYDRATED);
        assertThat(fx.chronicleOf("b")).containsExactly("b|one", "reply to b|one", "b|two", "reply to b|two",
                "b|three", "reply to b|three");
    }

    @Test
    void inputBlockedTurns_notChronicled_turnCounterStillContinuesAfterRelease() throws Exception {
        stream = streamWith("turns: { processor_idle_seconds: 60 }");
        turn("d", "d|one");
        TurnResult blocked = turn("d", "d|FORBIDDEN");
        fx.clock.advance(Duration.ofSeconds(61));
        turn("e", "e|one");

        TurnResult next = turn("d", "d|three");

        assertThat(blocked.blocked()).isTrue();
        assertThat(next.turnNumber()).isEqualTo(3);
    }
}
