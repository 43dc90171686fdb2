package io.silas.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContextRecordsTest {
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
    private static final String HASH = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    static ContextItem memoryItem() {
        return new ContextItem("ctx-1", ContextZone.MEMORY, "auth module bug fix pattern", 7, T0, 14,
                "memory:profile", TaintLevel.AUTH, ContextKind.MEMORY, 0.42, false, true, "mem-9");
    }

    static Stream<Object> samples() {
        return Stream.of(memoryItem(),
                ContextItem.live("ctx-2", ContextZone.CHRONICLE, ContextKind.TOOL_RESULT, "npm test output", 847,
                        "tool:shell_exec", TaintLevel.EXTERNAL, 12, T0).withMasked("[Result of shell_exec]", 6),
                new ContextProfile("coding", 0.20, 0.20, 0.40),
                TokenBudget.defaults(),
                ContextSubscription.create("sub-1", SubscriptionType.FILE, "src/auth.py", 8, T0, "task-1"),
                ContextSubscription.create("sub-2", SubscriptionType.FILE_LINES, "auth.py:10-45", 8, T0, null)
                        .withMaterialized(HASH, 120).withActive(false),
                new ContextSubscription("sub-3", SubscriptionType.MEMORY_QUERY, "auth fixes", ContextZone.MEMORY, T0,
                        2, null, true, 0, null));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void json_sample_roundTripsThroughSharedAndStrictMapper(Object sample) {
        String json = Json.write(sample);
        assertThat(Json.read(json, sample.getClass())).isEqualTo(sample);
        assertThat(Json.readStrict(json, sample.getClass())).isEqualTo(sample);
    }

    @Test
    void json_contextItem_usesSpecNames() {
        assertThat(Json.write(memoryItem())).contains("\"ctx_id\":\"ctx-1\"", "\"zone\":\"memory\"",
                "\"token_count\":7", "\"turn_number\":14", "\"kind\":\"memory\"", "\"taint\":\"auth\"",
                "\"memory_id\":\"mem-9\"", "\"pinned\":true", "\"masked\":false");
        assertThat(Json.write(ContextKind.EXECUTION_RESULT)).isEqualTo("\"execution_result\"");
        assertThat(Json.write(SubscriptionType.FILE_LINES)).isEqualTo("\"file_lines\"");
    }

    @Nested
    class Item {
        @Test
        void constructor_eachInvalidField_rejectedNamingIt() {
            assertInvalid(() -> item("", ContextZone.CHRONICLE, "x", 1, 0, "s", TaintLevel.OWNER, 1.0, null), "ctx_id");
            assertInvalid(() -> item("c", null, "x", 1, 0, "s", TaintLevel.OWNER, 1.0, null), "zone");
            assertInvalid(() -> item("c", ContextZone.CHRONICLE, null, 1, 0, "s", TaintLevel.OWNER, 1.0, null),
                    "content");
            assertInvalid(() -> item("c", ContextZone.CHRONICLE, "x", -1, 0, "s", TaintLevel.OWNER, 1.0, null),
                    "token_count");
            assertInvalid(() -> item("c", ContextZone.CHRONICLE, "x", 1, -1, "s", TaintLevel.OWNER, 1.0, null),
                    "turn_number");
            assertInvalid(() -> item("c", ContextZone.CHRONICLE, "x", 1, 0, " ", TaintLevel.OWNER, 1.0, null),
                    "source");
            assertInvalid(() -> item("c", ContextZone.CHRONICLE, "x", 1, 0, "s", null, 1.0, null), "taint");
            assertInvalid(() -> item("c", ContextZone.CHRONICLE, "x", 1, 0, "s", TaintLevel.OWNER, Double.NaN, null),
                    "relevance");
            assertInvalid(() -> item("c", ContextZone.CHRONICLE, "x", 1, 0, "s", TaintLevel.OWNER, -0.1, null),
                    "relevance");
            assertInvalid(() -> item("c", ContextZone.MEMORY, "x", 1, 0, "s", TaintLevel.OWNER, 1.0, ""), "memory_id");
        }

        @Test
        void read_missingKind_rejectedNamingKind() {
            String json = Json.write(memoryItem()).replace("\"kind\":\"memory\",", "");
            assertInvalid(() -> Json.read(json, ContextItem.class), "kind");
        }

        @Test
        void withMasked_replacesContentAndKeepsIdentity() {
            ContextItem masked = memoryItem().withMasked("[masked]", 2);
            assertThat(masked.masked()).isTrue();
            assertThat(masked.content()).isEqualTo("[masked]");
            assertThat(masked.tokenCount()).isEqualTo(2);
            assertThat(masked.ctxId()).isEqualTo("ctx-1");
            assertThat(masked.withPinned(false).pinned()).isFalse();
            assertThat(masked.withRelevance(0.9).relevance()).isEqualTo(0.9);
        }

        private ContextItem item(String id, ContextZone zone, String content, int tokens, int turn, String source,
                                 TaintLevel taint, double relevance, String memoryId) {
            return new ContextItem(id, zone, content, tokens, T0, turn, source, taint, ContextKind.MESSAGE, relevance,
                    false, false, memoryId);
        }
    }

    @Nested
    class Profile {
        @Test
        void constructor_shareOutOfRange_rejectedNamingShare() {
            assertInvalid(() -> new ContextProfile("p", 1.1, 0, 0), "chronicle_pct");
            assertInvalid(() -> new ContextProfile("p", 0, -0.1, 0), "memory_pct");
            assertInvalid(() -> new ContextProfile("p", 0, 0, Double.NaN), "workspace_pct");
            assertInvalid(() -> new ContextProfile(" ", 0, 0, 0), "name");
        }

        @Test
        void constructor_sumAboveCap_rejected() {
            assertInvalid(() -> new ContextProfile("p", 0.5, 0.2, 0.15), "chronicle_pct+memory_pct+workspace_pct");
            assertInvalid(() -> new ContextProfile("p", 0.80, 0.0, 0.000001), "chronicle_pct+memory_pct+workspace_pct");
        }

        @Test
        void constructor_decimalSharesSummingToCap_accepted() {
            assertThat(new ContextProfile("a", 0.45, 0.20, 0.15).chroniclePct()).isEqualTo(0.45);
            assertThat(new ContextProfile("b", 0.4, 0.3, 0.1).workspacePct()).isEqualTo(0.1);
            assertThat(new ContextProfile("c", 0.7, 0.05, 0.05).memoryPct()).isEqualTo(0.05);
        }

        @Test
        void budgetFor_appliesFloorOfAllocableTimesShare() {
            TokenBudget budget = TokenBudget.defaults();
            int allocable = budget.allocable(10_000);
            assertThat(allocable).isEqualTo(172_000);
            ContextProfile conversation = budget.profile("conversation").orElseThrow();
            assertThat(conversation.budgetFor(ContextZone.CHRONICLE, allocable)).isEqualTo(77_400);
            assertThat(conversation.budgetFor(ContextZone.MEMORY, allocable)).isEqualTo(34_400);
            assertThat(conversation.budgetFor(ContextZone.WORKSPACE, 101)).isEqualTo(15);
            assertThat(budget.allocable(50_000)).isEqualTo(172_000);
            assertInvalid(() -> conversation.share(ContextZone.SYSTEM), "zone");
            assertInvalid(() -> budget.allocable(-1), "system_zone_tokens");
        }
    }

    @Nested
    class Budget {
        private final ContextProfile conversation = new ContextProfile("conversation", 0.45, 0.20, 0.15);

        @Test
        void constructor_eachInvalidField_rejectedNamingIt() {
            assertInvalid(() -> budget(0, 0, 0.02, 0.8, 0.9, 1, 1, 0), "total");
            assertInvalid(() -> budget(100, 101, 0.02, 0.8, 0.9, 1, 1, 0), "system_max");
            assertInvalid(() -> budget(100, 10, 0.11, 0.8, 0.9, 1, 1, 0), "skill_metadata_budget_pct");
            assertInvalid(() -> budget(100, 10, 0.02, 0.0, 0.9, 1, 1, 0), "eviction_threshold_pct");
            assertInvalid(() -> budget(100, 10, 0.02, 0.8, 1.5, 1, 1, 0), "scorer_threshold_pct");
            assertInvalid(() -> budget(100, 10, 0.02, 0.8, 0.9, 0, 1, 0), "max_subscription_tokens");
            assertInvalid(() -> budget(100, 10, 0.02, 0.8, 0.9, 1, 0, 0), "subscription_ttl_turns");
            assertInvalid(() -> budget(100, 10, 0.02, 0.8, 0.9, 1, 1, -1), "observation_mask_after_turns");
        }

        @Test
        void constructor_profileRegistryProblems_rejected() {
            assertInvalid(() -> new TokenBudget(100, 10, 0.02, 0.8, 0.9, 1, 1, 0, Map.of(), "conversation"),
                    "profiles");
            assertInvalid(() -> new TokenBudget(100, 10, 0.02, 0.8, 0.9, 1, 1, 0, Map.of("chat", conversation),
                    "chat"), "profiles.chat");
            assertInvalid(() -> new TokenBudget(100, 10, 0.02, 0.8, 0.9, 1, 1, 0,
                    Map.of("conversation", conversation), "coding"), "default_profile");
        }

        @Test
        void read_specConfigYaml_equalsDefaults() throws Exception {
            String yaml = """
                    total_tokens: 180000
                    system_max: 8000
                    skill_metadata_budget_pct: 0.02
                    eviction_threshold_pct: 0.80
                    scorer_threshold_pct: 0.90
                    max_subscription_tokens: 2000
                    subscription_ttl_turns: 10
                    observation_mask_after_turns: 5
                    default_profile: "conversation"
                    profiles:
                      conversation: { chronicle_pct: 0.45, memory_pct: 0.20, workspace_pct: 0.15 }
                      coding:       { chronicle_pct: 0.20, memory_pct: 0.20, workspace_pct: 0.40 }
                      research:     { chronicle_pct: 0.20, memory_pct: 0.40, workspace_pct: 0.20 }
                      support:      { chronicle_pct: 0.40, memory_pct: 0.25, workspace_pct: 0.15 }
                    """;
            assertThat(Json.yamlMapper().readValue(yaml, TokenBudget.class)).isEqualTo(TokenBudget.defaults());
        }

        @Test
        void read_partialJson_fillsDefaults() {
            TokenBudget budget = Json.read("{\"total_tokens\":64000,\"profiles\":{\"conversation\":"
                    + "{\"chronicle_pct\":0.5,\"memory_pct\":0.2,\"workspace_pct\":0.1}}}", TokenBudget.class);
            assertThat(budget.total()).isEqualTo(64_000);
            assertThat(budget.systemMax()).isEqualTo(8_000);
            assertThat(budget.profiles()).containsOnlyKeys("conversation");
            assertThat(budget.profile("conversation").orElseThrow().name()).isEqualTo("conversation");
        }

        @Test
        void read_profileOverCap_rejectedNamingShares() {
            assertInvalid(() -> Json.read("{\"profiles\":{\"conversation\":"
                    + "{\"chronicle_pct\":0.6,\"memory_pct\":0.2,\"workspace_pct\":0.1}}}", TokenBudget.class),
                    "chronicle_pct+memory_pct+workspace_pct");
        }

        private TokenBudget budget(int total, int systemMax, double skill, double eviction, double scorer, int maxSub,
                                   int ttl, int mask) {
            return new TokenBudget(total, systemMax, skill, eviction, scorer, maxSub, ttl, mask,
                    Map.of("conversation", conversation), "conversation");
        }
    }

    @Nested
    class Subscription {
        @Test
        void constructor_eachInvalidField_rejectedNamingIt() {
            assertInvalid(() -> sub("", SubscriptionType.FILE, "a.py", ContextZone.WORKSPACE, 0, null, 0, null),
                    "sub_id");
            assertInvalid(() -> sub("s", null, "a.py", ContextZone.WORKSPACE, 0, null, 0, null), "sub_type");
            assertInvalid(() -> sub("s", SubscriptionType.FILE, " ", ContextZone.WORKSPACE, 0, null, 0, null),
                    "target");
            assertInvalid(() -> sub("s", SubscriptionType.FILE, "a.py", ContextZone.SYSTEM, 0, null, 0, null), "zone");
            assertInvalid(() -> sub("s", SubscriptionType.FILE, "a.py", ContextZone.WORKSPACE, -1, null, 0, null),
                    "turn_created");
            assertInvalid(() -> sub("s", SubscriptionType.FILE, "a.py", ContextZone.WORKSPACE, 0, "ABC", 0, null),
                    "content_hash");
            assertInvalid(() -> sub("s", SubscriptionType.FILE, "a.py", ContextZone.WORKSPACE, 0, null, -1, null),
                    "token_count");
            assertInvalid(() -> sub("s", SubscriptionType.FILE, "a.py", ContextZone.WORKSPACE, 0, null, 0, " "),
                    "work_item_id");
        }

        @Test
        void constructor_badLineRange_rejectedNamingTarget() {
            assertInvalid(() -> sub("s", SubscriptionType.FILE_LINES, "auth.py", ContextZone.WORKSPACE, 0, null, 0,
                    null), "target");
            assertInvalid(() -> sub("s", SubscriptionType.FILE_LINES, "auth.py:45-10", ContextZone.WORKSPACE, 0, null,
                    0, null), "target");
            assertInvalid(() -> sub("s", SubscriptionType.FILE_LINES, "auth.py:0-3", ContextZone.WORKSPACE, 0, null,
                    0, null), "target");
            assertThat(sub("s", SubscriptionType.FILE_LINES, "C:/src/a.py:3-3", ContextZone.WORKSPACE, 0, null, 0,
                    null).target()).isEqualTo("C:/src/a.py:3-3");
        }

        @Test
        void constructor_nullZone_defaultsToWorkspace() {
            assertThat(sub("s", SubscriptionType.FILE, "a.py", null, 0, null, 0, null).zone())
                    .isEqualTo(ContextZone.WORKSPACE);
        }

        @Test
        void withMaterialized_recordsHashAndTokens() {
            ContextSubscription s = ContextSubscription.create("s", SubscriptionType.FILE, "a.py", 3, T0, "task-1")
                    .withMaterialized(HASH, 42);
            assertThat(s.contentHash()).isEqualTo(HASH);
            assertThat(s.tokenCount()).isEqualTo(42);
            assertThat(s.active()).isTrue();
            assertThat(s.workItemId()).isEqualTo("task-1");
            assertInvalid(() -> s.withMaterialized("zz", 1), "content_hash");
        }

        private ContextSubscription sub(String id, SubscriptionType type, String target, ContextZone zone, int turn,
                                        String hash, int tokens, String workItemId) {
            return new ContextSubscription(id, type, target, zone, T0, turn, hash, true, tokens, workItemId);
        }
    }

    static void assertInvalid(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).startsWith(field + ":");
        });
    }
}
