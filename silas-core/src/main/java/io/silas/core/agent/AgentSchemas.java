package io.silas.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.json.JsonSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The published JSON Schemas (draft 2020-12) of the agents' structured outputs, in the snake_case wire format the
 * SDK reads: {@link RouteDecision} (proxy), {@link AgentResponse} (planner, and the proxy's direct answer),
 * {@link PlanAction} and {@link ExecutorAgentOutput} (executor). Each is a classpath resource
 * ({@code io/silas/core/agent/schema/<name>.schema.json}) generated from the record by {@link JsonSchemas} — a test
 * regenerates every schema and fails when a resource is stale — so a model adapter can hand the schema to a model's
 * structured-output mode, and a host in another language can read the same file. Thread-safe.
 */
public final class AgentSchemas {
    /** The records whose schemas are published, in a stable order. */
    public static final List<Class<? extends Record>> PUBLISHED =
            List.of(RouteDecision.class, AgentResponse.class, PlanAction.class, ExecutorAgentOutput.class);

    private static final String DIRECTORY = "schema/";

    private AgentSchemas() {
    }

    /** {@return the schema a proxy's answer must match} */
    public static JsonNode routeDecision() {
        return load(RouteDecision.class);
    }

    /** {@return the schema a planner's answer (and a direct answer inside a route decision) must match} */
    public static JsonNode agentResponse() {
        return load(AgentResponse.class);
    }

    /** {@return the schema of a plan action inside an agent response} */
    public static JsonNode planAction() {
        return load(PlanAction.class);
    }

    /** {@return the schema an executor's final answer must match} */
    public static JsonNode executorAgentOutput() {
        return load(ExecutorAgentOutput.class);
    }

    /**
     * {@return the resource name of a published record's schema, relative to this class, e.g. {@code schema/route_decision.schema.json}}
     *
     * @param type the type
     */
    public static String resourceName(Class<?> type) {
        String snake = type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return DIRECTORY + snake + ".schema.json";
    }

    /**
     * The published schema of {@code type}.
     *
     * @param type the type
     * @return the json node
     * @throws SilasException {@code INVALID_INPUT} when {@code type} has no published schema
     */
    public static JsonNode load(Class<?> type) {
        if (!PUBLISHED.contains(type)) {
            throw SilasException.invalid("type", type.getSimpleName() + " has no published schema");
        }
        try (InputStream in = AgentSchemas.class.getResourceAsStream(resourceName(type))) {
            if (in == null) {
                throw new SilasException(ErrorCode.INTERNAL, "schema resource missing: " + resourceName(type));
            }
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), JsonNode.class);
        } catch (IOException e) {
            throw new SilasException(ErrorCode.INTERNAL, "schema resource unreadable: " + resourceName(type), e);
        }
    }
}
