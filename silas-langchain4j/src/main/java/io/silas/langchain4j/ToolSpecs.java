package io.silas.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.silas.core.tool.ToolArg;
import io.silas.core.tool.ToolArgType;
import io.silas.core.tool.ToolDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Silas tool definitions as LangChain4j {@link ToolSpecification}s: name, description and one JSON-schema property
 * per declared argument. A specification only describes a tool to the model; calling one is always Silas's job.
 * Stateless.
 */
public final class ToolSpecs {
    private ToolSpecs() {
    }

    /**
     * {@return the specifications of {@code tools}, in order}
     *
     * @param tools the tools
     */
    public static List<ToolSpecification> of(List<ToolDefinition> tools) {
        List<ToolSpecification> specs = new ArrayList<>(tools.size());
        for (ToolDefinition tool : tools) {
            specs.add(of(tool));
        }
        return specs;
    }

    /**
     * {@return the specification of one tool}
     *
     * @param tool the tool
     */
    public static ToolSpecification of(ToolDefinition tool) {
        JsonObjectSchema.Builder parameters = JsonObjectSchema.builder().additionalProperties(tool.additionalArgs());
        List<String> required = new ArrayList<>();
        for (ToolArg arg : tool.args()) {
            parameters.addProperty(arg.name(), element(arg.type(), arg.description()));
            if (arg.required()) {
                required.add(arg.name());
            }
        }
        return ToolSpecification.builder().name(tool.name()).description(tool.description())
                .parameters(parameters.required(required).build()).build();
    }

    private static JsonSchemaElement element(ToolArgType type, String description) {
        return switch (type) {
            case STRING -> JsonStringSchema.builder().description(description).build();
            case INTEGER -> JsonIntegerSchema.builder().description(description).build();
            case BOOLEAN -> JsonBooleanSchema.builder().description(description).build();
            case OBJECT -> JsonObjectSchema.builder().description(description).additionalProperties(true).build();
            case STRING_ARRAY -> stringArray(description);
            case STRING_OR_STRING_ARRAY -> JsonAnyOfSchema.builder().description(description)
                    .anyOf(new JsonStringSchema(), stringArray(null)).build();
        };
    }

    private static JsonArraySchema stringArray(String description) {
        return JsonArraySchema.builder().description(description).items(new JsonStringSchema()).build();
    }
}
