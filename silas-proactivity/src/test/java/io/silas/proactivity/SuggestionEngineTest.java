package io.silas.proactivity;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.SilasException;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.SuggestionEngine;
import io.silas.core.proactivity.SuggestionOutcome;
import io.silas.core.proactivity.SuggestionProposal;
import io.silas.core.proactivity.SuggestionSignal;
import io.silas.core.proactivity.SuggestionSignals;
import io.silas.core.proactivity.SuggestionSource;
import io.silas.core.trust.MutableClock;
import io.silas.core.vocabulary.RiskLevel;
import io.silas.core.work.BudgetUsed;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuggestionEngineTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final ReviewQueueStore queue = ReviewQueueStore.inMemory();
    private final Map<String, List<SuggestionSignal>> signalsByScope = new ConcurrentHashMap<>();
    private final SuggestionSignals signals = (scope, now) -> signalsByScope.getOrDefault(scope, List.of());
    private final SuggestionEngine engine = Proactivity.suggestions(SilasConfig.defaults(), queue, signals, audit,
            clock, IdGenerator.sequential("sug"));

    private static SuggestionSignal goal(String id) {
        return new SuggestionSignal(SuggestionSignal.Kind.ACTIVE_GOAL, id, "Check goal " + id,
                "Its last cycle failed", RiskLevel.LOW, null);
    }

    private static WorkItemResult result(String id, List<String> nextSteps) {
        return new WorkItemResult(id, WorkItemStatus.DONE, "done", null, List.of(), BudgetUsed.zero(), Map.of(),
                nextSteps);
    }

    static String field(AuditEntry entry, String name) {
        return entry.data().path(name).asText();
    }

    private List<SuggestionProposal> idle(String scope) {
        return engine.generateIdle(scope, clock.instant());
    }

    @Test
    void generatePostExecution_nextSteps_oneSuggestionPerDistinctStepQueuedAndAudited() {
        List<SuggestionProposal> out = engine.generatePostExecution("owner",
                result("task-1", List.of("Open a PR for the fix", "  ", "open a  PR for the FIX", "Tag a release")));

        assertThat(out).extracting(SuggestionProposal::intent).containsExactly("Open a PR for the fix", "Tag a release");
        assertThat(out).allSatisfy(s -> {
            assertThat(s.source()).isEqualTo(SuggestionSource.POST_EXECUTION);
            assertThat(s.scopeId()).isEqualTo("owner");
            assertThat(s.createdAt()).isEqualTo(START);
            assertThat(s.cooldownKey()).startsWith("next_step:").doesNotContain("PR");
        });
        assertThat(queue.pendingSuggestions("owner")).containsExactlyElementsOf(out);
        List<AuditEntry> events = audit.findByEvent(SuggestionEngine.EVENT_GENERATED);
        assertThat(events).hasSize(2);
        assertThat(field(events.get(0), "scope_id")).isEqualTo("owner");
        assertThat(field(events.get(0), "suggestion_id")).isEqualTo("sug-1");
        assertThat(field(events.get(0), "source")).isEqualTo("post_execution");
        assertThat(events.toString()).doesNotContain("Open a PR").doesNotContain("Tag a release");
    }

    @Test
    void generatePostExecution_noNextSteps_nothingQueued() {
        assertThat(engine.generatePostExecution("owner", result("task-1", List.of()))).isEmpty();
        assertThat(queue.pendingSuggestions("owner")).isEmpty();
    }

    @Test
    void generateIdle_signals_orderedByKindWithSourcesAndKeys() {
        signalsByScope.put("owner", List.of(
                new SuggestionSignal(SuggestionSignal.Kind.RECENT_RESULT, "task-9", "Share the report", "", RiskLevel.LOW,
                        null),
                goal("goal-inbox"),
                new SuggestionSignal(SuggestionSignal.Kind.CONNECTION_WARNING, "gmail", "Reconnect Gmail",
                        "Token expires tomorrow", RiskLevel.MEDIUM, null),
                new SuggestionSignal(SuggestionSignal.Kind.PENDING_REVIEW, "batch-3", "Review 10 archive items", "",
                        RiskLevel.LOW, null)));

        List<SuggestionProposal> out = idle("owner");

        assertThat(out).extracting(SuggestionProposal::cooldownKey).containsExactly("connection_warning:gmail",
                "pending_review:batch-3", "active_goal:goal-inbox", "recent_result:task-9");
        assertThat(out).extracting(SuggestionProposal::source).containsExactly(SuggestionSource.IDLE_HEARTBEAT,
                SuggestionSource.IDLE_HEARTBEAT, SuggestionSource.GOAL_MONITOR, SuggestionSource.IDLE_HEARTBEAT);
    }

    @Test
    void generateIdle_sameKeyPending_notSuggestedAgainEvenAfterDedupeWindow() {
        signalsByScope.put("owner", List.of(goal("g1")));
        assertThat(idle("owner")).hasSize(1);

        assertThat(idle("owner")).isEmpty();
        clock.advance(Duration.ofMinutes(181));
        assertThat(idle("owner")).isEmpty();
        assertThat(queue.pendingSuggestions("owner")).hasSize(1);
    }

    @Test
    void generateAndHandle_atTheCallersTime_oneTimeBaseEvenWhenTheEngineClockDiffers() {
        signalsByScope.put("owner", List.of(goal("g1")));
        Instant callerNow = START.plus(Duration.ofDays(30));
        SuggestionProposal first = engine.generateIdle("owner", callerNow).get(0);

        assertThat(engine.markHandled("owner", first.suggestionId(), SuggestionOutcome.DISMISSED,
                callerNow.plusSeconds(60))).isTrue();

        assertThat(engine.generateIdle("owner", callerNow.plus(Duration.ofMinutes(2)))).as("still cooling down")
                .isEmpty();
        assertThat(engine.generateIdle("owner", callerNow.plusSeconds(60).plus(Duration.ofMinutes(120))))
                .extracting(SuggestionProposal::cooldownKey).containsExactly("active_goal:g1");
    }

    @Test
    void markHandled_cooldownExpiresAtExactly120Minutes() {
        signalsByScope.put("owner", List.of(goal("g1")));
        clock.advance(Duration.ofMinutes(-200));
        SuggestionProposal first = idle("owner").get(0);
        clock.set(START);

        assertThat(engine.markHandled("owner", first.suggestionId(), SuggestionOutcome.DISMISSED)).isTrue();
        assertThat(queue.pendingSuggestions("owner")).isEmpty();

        clock.set(START.plus(Duration.ofMinutes(120)).minusSeconds(1));
        assertThat(idle("owner")).isEmpty();
        clock.set(START.plus(Duration.ofMinutes(120)));
        assertThat(idle("owner")).extracting(SuggestionProposal::cooldownKey).containsExactly("active_goal:g1");
    }

    @Test
    void markHandled_eachOutcome_startsCooldown() {
        for (SuggestionOutcome outcome : SuggestionOutcome.values()) {
            String scope = "scope-" + outcome;
            signalsByScope.put(scope, List.of(goal("g1")));
            SuggestionProposal s = idle(scope).get(0);
            engine.markHandled(scope, s.suggestionId(), outcome);
            assertThat(idle(scope)).as(outcome.name()).isEmpty();
        }
        assertThat(audit.findByEvent(SuggestionEngine.EVENT_HANDLED)).extracting(e -> field(e, "outcome"))
                .containsExactly("accepted", "dismissed", "deferred");
    }

    @Test
    void generateIdle_resolvedWithoutMarkHandled_dedupeWindowOf180Minutes() {
        signalsByScope.put("owner", List.of(goal("g1")));
        SuggestionProposal first = idle("owner").get(0);
        queue.resolveSuggestion("owner", first.suggestionId());

        clock.set(START.plus(Duration.ofMinutes(180)).minusSeconds(1));
        assertThat(idle("owner")).isEmpty();
        clock.set(START.plus(Duration.ofMinutes(180)));
        assertThat(idle("owner")).hasSize(1);
    }

    @Test
    void markHandled_soonAfterGeneration_cooldownCountsFromHandling() {
        signalsByScope.put("owner", List.of(goal("g1")));
        SuggestionProposal first = idle("owner").get(0);
        clock.advance(Duration.ofMinutes(100));
        engine.markHandled("owner", first.suggestionId(), SuggestionOutcome.DEFERRED);

        clock.set(START.plus(Duration.ofMinutes(219)));
        assertThat(idle("owner")).isEmpty();
        clock.set(START.plus(Duration.ofMinutes(220)));
        assertThat(idle("owner")).hasSize(1);
    }

    @Test
    void markHandled_unknownOrTwice_ignoredOnce() {
        signalsByScope.put("owner", List.of(goal("g1")));
        SuggestionProposal first = idle("owner").get(0);

        assertThat(engine.markHandled("other", first.suggestionId(), SuggestionOutcome.ACCEPTED)).isFalse();
        assertThat(queue.pendingSuggestions("owner")).hasSize(1);
        assertThat(engine.markHandled("owner", first.suggestionId(), SuggestionOutcome.ACCEPTED)).isTrue();
        assertThat(engine.markHandled("owner", first.suggestionId(), SuggestionOutcome.DISMISSED)).isFalse();
        assertThat(audit.findByEvent(SuggestionEngine.EVENT_HANDLED)).hasSize(1);
    }

    @Test
    void generateIdle_atMostFivePendingPerScope() {
        List<SuggestionSignal> seven = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            seven.add(goal("g" + i));
        }
        signalsByScope.put("owner", seven);
        signalsByScope.put("team", seven);

        assertThat(idle("owner")).hasSize(5);
        assertThat(queue.pendingSuggestions("owner")).hasSize(5);
        clock.advance(Duration.ofHours(2));
        assertThat(idle("owner")).isEmpty();
        assertThat(idle("team")).as("caps are per scope").hasSize(5);

        SuggestionProposal handled = queue.pendingSuggestions("owner").get(0);
        engine.markHandled("owner", handled.suggestionId(), SuggestionOutcome.ACCEPTED);
        assertThat(idle("owner")).extracting(SuggestionProposal::cooldownKey).containsExactly("active_goal:g6");
    }

    @Test
    void generate_atMostSixPerRollingHour() {
        List<SuggestionProposal> made = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            made.addAll(engine.generatePostExecution("owner", result("t" + i, List.of("step " + i))));
            clock.advance(Duration.ofMinutes(10));
        }
        made.forEach(s -> engine.markHandled("owner", s.suggestionId(), SuggestionOutcome.ACCEPTED));
        for (int i = 5; i <= 8; i++) {
            made.addAll(engine.generatePostExecution("owner", result("t" + i, List.of("step " + i))));
        }
        assertThat(made).hasSize(6);
        assertThat(queue.pendingSuggestions("owner")).hasSize(2);

        clock.set(START.plus(Duration.ofMinutes(60)).minusSeconds(1));
        assertThat(engine.generatePostExecution("owner", result("t9", List.of("step 9")))).isEmpty();
        clock.set(START.plus(Duration.ofMinutes(60)));
        assertThat(engine.generatePostExecution("owner", result("t9", List.of("step 9")))).hasSize(1);
    }

    @Test
    void generateIdle_throwingSignals_loggedAuditedAndEmpty() {
        SuggestionEngine broken = Proactivity.suggestions(SilasConfig.defaults(), queue, (scope, now) -> {
            throw new IllegalStateException("secret detail");
        }, audit, clock, IdGenerator.sequential("sug"));

        assertThat(broken.generateIdle("owner", START)).isEmpty();
        assertThat(audit.findByEvent("suggestion_signals_failed")).singleElement()
                .satisfies(e -> assertThat(e.data().toString()).doesNotContain("secret detail"));
    }

    @Test
    void generateIdle_blankScope_invalidInput() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.generateIdle(" ", START))
                .isInstanceOf(SilasException.class);
    }

    @Test
    void restart_pendingSuggestionsSurviveAndStillDedupeAndCount(@TempDir Path dir) {
        signalsByScope.put("owner", List.of(goal("g1")));
        try (SqliteStores stores = SqliteStores.open(dir.resolve("silas.db"), clock)) {
            SuggestionEngine first = Proactivity.suggestions(SilasConfig.defaults(), stores.reviewQueueStore(), signals,
                    audit, clock, IdGenerator.random());
            assertThat(first.generateIdle("owner", START)).hasSize(1);
            for (int i = 1; i <= 5; i++) {
                first.generatePostExecution("owner", result("t" + i, List.of("step " + i)));
            }
        }
        clock.advance(Duration.ofMinutes(30));
        try (SqliteStores stores = SqliteStores.open(dir.resolve("silas.db"), clock)) {
            SuggestionEngine second = Proactivity.suggestions(SilasConfig.defaults(), stores.reviewQueueStore(), signals,
                    audit, clock, IdGenerator.random());
            List<SuggestionProposal> pending = stores.reviewQueueStore().pendingSuggestions("owner");
            assertThat(pending).hasSize(5);
            assertThat(second.generateIdle("owner", clock.instant())).isEmpty();
            pending.forEach(p -> second.markHandled("owner", p.suggestionId(), SuggestionOutcome.DISMISSED));
            assertThat(second.generatePostExecution("owner", result("t9", List.of("step 9"))))
                    .as("five pending + the hourly count re-seeded from them leaves one slot").hasSize(1);
            assertThat(second.generatePostExecution("owner", result("t10", List.of("step 10")))).isEmpty();
        }
    }
}
