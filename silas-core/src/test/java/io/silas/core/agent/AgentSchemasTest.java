package io.silas.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.json.JsonSchemas;
import io.silas.core.memory.MemoryType;
import io.silas.core.vocabulary.InteractionMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentSchemasTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static List<Error> validate(JsonNode schema, Object instance) {
        Schema compiled = REGISTRY.getSchema(schema);
        return compiled.validate(instance instanceof JsonNode n ? n : Json.mapper().valueToTree(instance));
    }

    @Test
    void publishedResourcesAreTheSchemasGeneratedFromTheRecords() throws IOException {
        for (Class<? extends Record> type : AgentSchemas.PUBLISHED) {
            ObjectNode generated = JsonSchemas.of(type);
            JsonNode published = publishedOrNull(type);
            if (!generated.equals(published)) {
                Path fresh = Path.of("target", "generated-schemas", AgentSchemas.resourceName(type));
                Files.createDirectories(fresh.getParent());
                Files.writeString(fresh, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(generated)
                        + "\n");
                throw new AssertionError(type.getSimpleName() + " schema resource is stale; the generated schema is in "
                        + fresh.toAbsolutePath() + ": copy it to src/main/resources/io/silas/core/agent/");
            }
        }
    }

    private static JsonNode publishedOrNull(Class<?> type) {
        try {
            return AgentSchemas.load(type);
        } catch (SilasException missing) {
            return null;
        }
    }

    @Test
    void serializedRouteDecisionsValidate() {
        AgentResponse full = new AgentResponse("Here is a plan.",
                List.of(MemoryQuery.of(MemoryQueryStrategy.KEYWORD, "invoices")),
                List.of(MemoryOp.store("likes tea", MemoryType.PREFERENCE, List.of("tea"), List.of()),
                        MemoryOp.delete("mem-1")),
                new PlanAction(PlanActionType.PROPOSE, "---\ntitle: x\n---\nbody", "wi-1", InteractionMode.ACT_AND_REPORT),
                true);
        List<RouteDecision> decisions = List.of(
                RouteDecision.direct(full, "answerable", InteractionRegister.STATUS,
                        InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED, "conversation"),
                RouteDecision.planner("needs a plan", InteractionRegister.EXECUTION, InteractionMode.DEFAULT_AND_OFFER,
                        "coding"),
                ProxyAgent.fallback("conversation"));
        for (RouteDecision decision : decisions) {
            assertThat(validate(AgentSchemas.routeDecision(), decision)).as(Json.write(decision)).isEmpty();
        }
        assertThat(validate(AgentSchemas.agentResponse(), full)).isEmpty();
        assertThat(validate(AgentSchemas.planAction(), full.planAction())).isEmpty();
    }

    @Test
    void serializedExecutorOutputsValidate() {
        ExecutorAgentOutput bare = ExecutorAgentOutput.of("done", List.of("report.md"));
        ExecutorAgentOutput full = bare.withNextSteps(List.of("review")).withLastError("none").withUsage(12, 0.5);
        assertThat(validate(AgentSchemas.executorAgentOutput(), bare)).isEmpty();
        assertThat(validate(AgentSchemas.executorAgentOutput(), full)).isEmpty();
    }

    @Test
    void wrongCaseKeysAndUpperCaseEnumsAreRejected() {
        ObjectNode decision = Json.mapper().valueToTree(RouteDecision.planner("x", InteractionRegister.STATUS,
                InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED, "conversation"));
        ObjectNode camel = decision.deepCopy();
        camel.set("contextProfile", camel.remove("context_profile"));
        assertThat(validate(AgentSchemas.routeDecision(), camel)).isNotEmpty();

        ObjectNode upper = decision.deepCopy();
        upper.put("route", "PLANNER");
        assertThat(validate(AgentSchemas.routeDecision(), upper)).isNotEmpty();

        ObjectNode output = Json.mapper().valueToTree(ExecutorAgentOutput.of("done", List.of()));
        output.set("artifactRefs", output.remove("artifact_refs"));
        assertThat(validate(AgentSchemas.executorAgentOutput(), output)).isNotEmpty();
    }

    @Test
    void schemaNamesTheWireFormat() {
        JsonNode schema = AgentSchemas.routeDecision();
        assertThat(schema.get("$schema").asText()).isEqualTo(JsonSchemas.DRAFT);
        assertThat(schema.get("properties").has("interaction_register")).isTrue();
        assertThat(schema.get("required")).extracting(JsonNode::asText).doesNotContain("continuation_of", "response");
        assertThat(schema.at("/properties/route/enum")).extracting(JsonNode::asText).containsExactly("direct", "planner");
    }

    @Test
    void unpublishedTypesAreRefused() {
        assertThatThrownBy(() -> AgentSchemas.load(MemoryQuery.class)).isInstanceOf(SilasException.class);
    }
}
