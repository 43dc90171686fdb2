package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.MemoryOp;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.audit.AuditEntry;
import io.silas.core.memory.MemoryType;
import io.silas.core.stream.Stream;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rehydration (docs/contracts.md#startup-and-rehydration) as the model sees it: after each restart the scope's rendered
 * context holds exactly one constitution (the configured {@code personality.constitution} lines), one tool-descriptions
 * item and one configuration snapshot with sorted keys and no secret names, plus the rehydration note; each restored
 * scope is audited {@code stream_rehydrated}; the input artifacts of the scope's running work items become
 * subscriptions.
 */
class StreamRehydrationTest {
    private static final String YAML = """
            personality:
              constitution:
                - "Rule one: be kind to pelicans."
                - "Rule two: never feed the gulls."
            search: { provider: brave, api_key_ref: brave-key }
            limits: { llm_calls_per_minute_per_scope: 77 }
            """;

    private final List<AgentRequest> seen = new ArrayList<>();

    @Test
    void restartTwice_systemZoneReplacedNotAdded_configSnapshotSortedWithoutSecrets_noteAndAudit()
            throws Exception {
        try (StreamFixture fx = new StreamFixture(YAML)) {
            say(fx, "first words");
            say(fx, "after one restart");
            say(fx, "after two restarts");

            for (AgentRequest request : seen) {
                String context = request.context();
                assertThat(occurrences(context, "[CONSTITUTION]")).isEqualTo(1);
                assertThat(occurrences(context, "[TOOLS]")).isEqualTo(1);
                assertThat(occurrences(context, "[CONFIGURATION]")).isEqualTo(1);
                assertThat(context).contains("- Rule one: be kind to pelicans.", "- Rule two: never feed the gulls.",
                        "limits.llm_calls_per_minute_per_scope = 77").doesNotContain("brave-key")
                        .doesNotContain("api_key");
                List<String> keys = context.lines().filter(l -> l.matches("[a-z_]+(\\.[a-z_]+)* = .*"))
                        .map(l -> l.substring(0, l.indexOf(" = "))).toList();
                assertThat(keys).isNotEmpty().isSorted();
            }
            assertThat(seen.get(0).context()).doesNotContain("Session rehydrated");
            assertThat(occurrences(seen.get(1).context(), "[SYSTEM] Session rehydrated after restart.")).isEqualTo(1);
            assertThat(occurrences(seen.get(2).context(), "[SYSTEM] Session rehydrated after restart.")).isEqualTo(1);
            List<AuditEntry> rehydrated = fx.audit.findByEvent("stream_rehydrated");
            assertThat(rehydrated).hasSize(2);
            assertThat(rehydrated).allSatisfy(e -> assertThat(e.data().path("scope_id").asText()).isEqualTo("a"));
            assertThat(rehydrated.get(0).data().path("entries").asInt()).isEqualTo(2);
            assertThat(rehydrated.get(1).data().path("entries").asInt()).isEqualTo(4);
            assertThat(rehydrated.get(1).data().path("items").asInt()).isGreaterThanOrEqualTo(4 + 3 + 1);
        }
    }

    @Test
    void restart_inputArtifactsOfThisScopesRunningItems_restoredOnceEachAsSubscriptions() throws Exception {
        try (StreamFixture fx = new StreamFixture("{}")) {
            say(fx, "before the restart");
            fx.workItems.save(running("fix-1", "a", List.of("report.md", "data.csv")));
            fx.workItems.save(running("fix-2", "a", List.of("report.md")));
            fx.workItems.save(running("other-scope", "b", List.of("secret-plan.md")));
            fx.workItems.save(WorkItem.builder("done-1", WorkItemType.TASK, "Done").scopeId("a")
                    .followUpOf("task-0").inputArtifactsFrom(List.of("old.md")).status(WorkItemStatus.DONE).build());

            say(fx, "after the restart");

            assertThat(fx.audit.findByEvent("stream_rehydrated")).singleElement()
                    .satisfies(e -> assertThat(e.data().path("subscriptions").asInt()).isEqualTo(2));
        }
    }

    @Test
    void restart_primaryScopeGetsTheSessionsRecentMemories() throws Exception {
        try (StreamFixture fx = new StreamFixture("{}")) {
            ProxyAgent remembering = request -> RouteDecision.direct(new AgentResponse("noted", List.of(),
                    List.of(MemoryOp.store("Pelicans prefer herring", MemoryType.FACT, List.of(), List.of())), null,
                    false), "scripted", InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER,
                    "conversation");
            try (Stream first = fx.builder(remembering).build()) {
                first.submit(fx.message("owner", "remember this"), "owner").toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
            }

            say(fx, "owner", "good morning");

            assertThat(seen.get(0).context()).contains("Pelicans prefer herring");
        }
    }

    private static WorkItem running(String id, String scope, List<String> artifacts) {
        return WorkItem.builder(id, WorkItemType.TASK, "Follow-up " + id).scopeId(scope).followUpOf("task-0")
                .inputArtifactsFrom(artifacts).status(WorkItemStatus.RUNNING).build();
    }

    @Test
    void noConstitutionConfigured_theThreeDefaultLinesArePinned() throws Exception {
        try (StreamFixture fx = new StreamFixture("{}")) {
            say(fx, "hello");

            assertThat(seen.get(0).context()).contains("[CONSTITUTION]", "cryptographically granted",
                    "opaque reference", "take precedence");
        }
    }

    private void say(StreamFixture fx, String text) throws Exception {
        say(fx, "a", text);
    }

    /** One "process": a new Stream over the fixture's stores, one turn, then the Stream is dropped. */
    private void say(StreamFixture fx, String connection, String text) throws Exception {
        ProxyAgent direct = StreamFixture.direct(t -> "noted: " + t);
        try (Stream stream = fx.builder(request -> {
            synchronized (seen) {
                seen.add(request);
            }
            return direct.route(request);
        }).build()) {
            stream.submit(fx.message(connection, text), connection).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
