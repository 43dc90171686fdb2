package io.silas.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.memory.MemoryType;
import io.silas.core.vocabulary.InteractionMode;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgentRecordsTest {
    private static final String PLAN = "---\nid: task-1\ntype: task\ntitle: Fix bug\n---\n# What to do\nFix it.";

    static AgentResponse fullResponse() {
        return new AgentResponse("Here is the plan.",
                List.of(MemoryQuery.of(MemoryQueryStrategy.KEYWORD, "auth bug"),
                        new MemoryQuery(MemoryQueryStrategy.SEMANTIC, "payment module", 2, 500)),
                List.of(MemoryOp.store("User uses pytest", MemoryType.FACT, List.of("testing"), List.of("user")),
                        MemoryOp.update("mem-1", "User uses pytest 8"), MemoryOp.delete("mem-2"),
                        MemoryOp.link("mem-1", "mem-3", "caused_by")),
                new PlanAction(PlanActionType.REVISE, PLAN, "task-0", InteractionMode.ACT_AND_REPORT), true);
    }

    static Stream<Object> samples() {
        return Stream.of(fullResponse(), AgentResponse.reply(""),
                RouteDecision.direct(AgentResponse.reply("Hi!"), "greeting", InteractionRegister.STATUS,
                        InteractionMode.DEFAULT_AND_OFFER, "conversation"),
                new RouteDecision(RouteDecision.Route.PLANNER, "needs a plan", null, InteractionRegister.EXECUTION,
                        InteractionMode.ACT_AND_REPORT, "task-0", "coding"),
                PlanAction.propose(PLAN), new PlanAction(PlanActionType.ABORT, null, null, null),
                MemoryQuery.of(MemoryQueryStrategy.TEMPORAL, "last week"), MemoryOp.delete("mem-9"));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void json_sample_roundTripsThroughSharedAndStrictMapper(Object sample) {
        String json = Json.write(sample);
        assertThat(Json.read(json, sample.getClass())).isEqualTo(sample);
        assertThat(Json.readStrict(json, sample.getClass())).isEqualTo(sample);
    }

    @Test
    void json_routeDecision_usesSpecNamesAndValues() {
        String json = Json.write(RouteDecision.planner("complex", InteractionRegister.EXPLORATION,
                InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED, "research"));
        assertThat(json).contains("\"route\":\"planner\"", "\"interaction_register\":\"exploration\"",
                "\"interaction_mode\":\"confirm_only_when_required\"", "\"context_profile\":\"research\"");
        assertThat(Json.write(PlanActionType.EXECUTE_NEXT)).isEqualTo("\"execute_next\"");
        assertThat(Json.write(fullResponse())).contains("\"memory_queries\"", "\"memory_ops\"", "\"plan_action\"",
                "\"needs_approval\":true", "\"interaction_mode_override\":\"act_and_report\"", "\"link_to\":\"mem-3\"",
                "\"max_results\":5", "\"max_tokens\":2000", "\"op\":\"store\"", "\"memory_type\":\"fact\"");
    }

    @Test
    void read_llmStyleDirectRoute_parses() {
        RouteDecision decision = Json.read("""
                {"route":"direct","reason":"small talk","interaction_register":"status",
                 "interaction_mode":"default_and_offer","context_profile":"conversation",
                 "response":{"message":"Hello","needs_approval":false,
                             "memory_queries":[{"strategy":"keyword","query":"name"}],
                             "memory_ops":[{"op":"store","content":"User said hello"}]}}
                """, RouteDecision.class);
        assertThat(decision.route()).isEqualTo(RouteDecision.Route.DIRECT);
        assertThat(decision.response().memoryQueries()).containsExactly(
                new MemoryQuery(MemoryQueryStrategy.KEYWORD, "name", 5, 2000));
        assertThat(decision.response().memoryOps().get(0).memoryType()).isEqualTo(MemoryType.EPISODE);
        assertThat(decision.response().memoryOps().get(0).tags()).isEmpty();
    }

    @Nested
    class Response {
        @Test
        void constructor_fourMemoryQueries_rejectedNamingMemoryQueries() {
            MemoryQuery q = MemoryQuery.of(MemoryQueryStrategy.KEYWORD, "x");
            assertInvalid(() -> new AgentResponse("m", List.of(q, q, q, q), List.of(), null, false), "memory_queries");
            assertThat(new AgentResponse("m", List.of(q, q, q), List.of(), null, false).memoryQueries()).hasSize(3);
        }

        @Test
        void read_fourMemoryQueries_rejectedNamingMemoryQueries() {
            String q = "{\"strategy\":\"keyword\",\"query\":\"x\"}";
            assertInvalid(() -> Json.read("{\"message\":\"m\",\"needs_approval\":false,\"memory_queries\":[" + q + ","
                    + q + "," + q + "," + q + "]}", AgentResponse.class), "memory_queries");
        }

        @Test
        void constructor_nullMessageOrNullOp_rejected() {
            assertInvalid(() -> new AgentResponse(null, List.of(), List.of(), null, false), "message");
            assertInvalid(() -> new AgentResponse("m", List.of(), Collections.singletonList(null), null, false),
                    "memory_ops");
        }

        @Test
        void memoryOps_manyOps_notBoundedByModel() {
            List<MemoryOp> ops = Collections.nCopies(25, MemoryOp.delete("m"));
            assertThat(new AgentResponse("m", List.of(), ops, null, false).memoryOps()).hasSize(25);
        }
    }

    @Nested
    class Query {
        @Test
        void constructor_eachInvalidField_rejectedNamingIt() {
            assertInvalid(() -> new MemoryQuery(null, "x", 5, 10), "strategy");
            assertInvalid(() -> new MemoryQuery(MemoryQueryStrategy.SESSION, " ", 5, 10), "query");
            assertInvalid(() -> new MemoryQuery(MemoryQueryStrategy.SESSION, "x", 0, 10), "max_results");
            assertInvalid(() -> new MemoryQuery(MemoryQueryStrategy.SESSION, "x", 5, 0), "max_tokens");
        }

        @Test
        void read_missingStrategyOrQuery_rejectedNamingIt() {
            assertInvalid(() -> Json.read("{\"query\":\"x\"}", MemoryQuery.class), "strategy");
            assertInvalid(() -> Json.read("{\"strategy\":\"keyword\"}", MemoryQuery.class), "query");
            assertInvalid(() -> Json.read("{\"strategy\":\"keyword\",\"query\":\"x\",\"max_results\":-1}",
                    MemoryQuery.class), "max_results");
        }
    }

    @Nested
    class Op {
        @Test
        void constructor_missingRequiredFieldPerOp_rejectedNamingIt() {
            assertInvalid(() -> op(MemoryOpType.STORE, null, null, null, null), "content");
            assertInvalid(() -> op(MemoryOpType.STORE, "  ", null, null, null), "content");
            assertInvalid(() -> op(MemoryOpType.UPDATE, "c", null, null, null), "memory_id");
            assertInvalid(() -> op(MemoryOpType.UPDATE, null, "m", null, null), "content");
            assertInvalid(() -> op(MemoryOpType.DELETE, null, null, null, null), "memory_id");
            assertInvalid(() -> op(MemoryOpType.LINK, null, null, "m2", "t"), "memory_id");
            assertInvalid(() -> op(MemoryOpType.LINK, null, "m", null, "t"), "link_to");
            assertInvalid(() -> op(MemoryOpType.LINK, null, "m", "m2", ""), "link_type");
            assertInvalid(() -> op(null, "c", null, null, null), "op");
        }

        @Test
        void read_linkWithoutLinkTo_rejectedNamingLinkTo() {
            assertInvalid(() -> Json.read("{\"op\":\"link\",\"memory_id\":\"m\",\"link_type\":\"t\"}", MemoryOp.class),
                    "link_to");
        }

        @Test
        void constructor_noMemoryType_defaultsToEpisode() {
            assertThat(op(MemoryOpType.STORE, "c", null, null, null).memoryType()).isEqualTo(MemoryType.EPISODE);
        }

        private MemoryOp op(MemoryOpType type, String content, String memoryId, String linkTo, String linkType) {
            return new MemoryOp(type, content, memoryId, null, null, null, linkTo, linkType);
        }
    }

    @Nested
    class Route {
        @Test
        void constructor_directWithoutResponse_rejectedNamingResponse() {
            assertInvalid(() -> new RouteDecision(RouteDecision.Route.DIRECT, "r", null, InteractionRegister.STATUS,
                    InteractionMode.DEFAULT_AND_OFFER, null, "conversation"), "response");
        }

        @Test
        void constructor_plannerWithResponse_rejectedNamingResponse() {
            assertInvalid(() -> new RouteDecision(RouteDecision.Route.PLANNER, "r", AgentResponse.reply("x"),
                    InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER, null, "conversation"), "response");
        }

        @Test
        void constructor_eachMissingField_rejectedNamingIt() {
            AgentResponse reply = AgentResponse.reply("x");
            assertInvalid(() -> route(null, "r", reply, InteractionRegister.STATUS, InteractionMode.ACT_AND_REPORT,
                    "p"), "route");
            assertInvalid(() -> route(RouteDecision.Route.DIRECT, null, reply, InteractionRegister.STATUS,
                    InteractionMode.ACT_AND_REPORT, "p"), "reason");
            assertInvalid(() -> route(RouteDecision.Route.DIRECT, "r", reply, null, InteractionMode.ACT_AND_REPORT,
                    "p"), "interaction_register");
            assertInvalid(() -> route(RouteDecision.Route.DIRECT, "r", reply, InteractionRegister.REVIEW, null, "p"),
                    "interaction_mode");
            assertInvalid(() -> route(RouteDecision.Route.DIRECT, "r", reply, InteractionRegister.REVIEW,
                    InteractionMode.ACT_AND_REPORT, " "), "context_profile");
        }

        @Test
        void read_unknownRouteOrMode_rejected() {
            String base = "{\"route\":\"%s\",\"reason\":\"r\",\"interaction_register\":\"status\","
                    + "\"interaction_mode\":\"%s\",\"context_profile\":\"conversation\"}";
            assertThatThrownBy(() -> Json.read(base.formatted("shell", "act_and_report"), RouteDecision.class))
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThatThrownBy(() -> Json.read(base.formatted("planner", "yolo"), RouteDecision.class))
                    .isInstanceOfSatisfying(SilasException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }

        @Test
        void requireKnownProfile_unknownProfile_rejectedNamingContextProfile() {
            RouteDecision d = RouteDecision.planner("r", InteractionRegister.EXECUTION, InteractionMode.ACT_AND_REPORT,
                    "gaming");
            assertInvalid(() -> d.requireKnownProfile(Set.of("conversation", "coding")), "context_profile");
            assertThat(d.requireKnownProfile(Set.of("gaming"))).isSameAs(d);
        }

        private RouteDecision route(RouteDecision.Route route, String reason, AgentResponse response,
                                    InteractionRegister register, InteractionMode mode, String profile) {
            return new RouteDecision(route, reason, response, register, mode, null, profile);
        }
    }

    @Nested
    class Plan {
        @Test
        void constructor_proposeOrReviseWithoutMarkdown_rejectedNamingPlanMarkdown() {
            assertInvalid(() -> new PlanAction(PlanActionType.PROPOSE, null, null, null), "plan_markdown");
            assertInvalid(() -> new PlanAction(PlanActionType.REVISE, " ", null, null), "plan_markdown");
            assertInvalid(() -> new PlanAction(null, PLAN, null, null), "action");
            assertInvalid(() -> new PlanAction(PlanActionType.EXECUTE_NEXT, null, "", null), "continuation_of");
        }
    }

    static void assertInvalid(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).startsWith(field + ":");
        });
    }
}
