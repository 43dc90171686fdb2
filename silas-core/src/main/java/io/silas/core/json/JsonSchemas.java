package io.silas.core.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import java.lang.reflect.RecordComponent;
import java.time.temporal.Temporal;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Generates the JSON Schema (draft 2020-12) of a record from the shared mapper's own serialization introspection,
 * so the schema names exactly the properties, spellings (snake_case) and enum values (lower case) that
 * {@link Json#mapper()} writes and reads. A third-party generator would re-derive those rules from annotations
 * and need the mapper's naming strategy and enum feature configured a second time; reading them from the mapper
 * cannot drift.
 *
 * <p>Rules: every object is closed ({@code additionalProperties: false}); a record component annotated
 * {@code @Nullable} is optional and may be {@code null} ({@code anyOf} with {@code {"type": "null"}}); every other
 * property is required. Supported property types: strings, integral and floating numbers, booleans, enums,
 * collections, temporal values (date-time strings) and nested records. Stateless and thread-safe.
 */
public final class JsonSchemas {
    /** The draft every generated schema declares. */
    public static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;

    private JsonSchemas() {
    }

    /**
     * The schema of {@code type} as the shared mapper serializes it.
     *
     * @param type the type
     * @return the object node
     * @throws SilasException {@code INVALID_INPUT} for a property type the generator does not support
     */
    public static ObjectNode of(Class<?> type) {
        ObjectMapper mapper = Json.mapper();
        ObjectNode root = NODES.objectNode();
        root.put("$schema", DRAFT);
        root.put("title", type.getSimpleName());
        root.setAll(schema(mapper, mapper.constructType(type), 0));
        return root;
    }

    private static ObjectNode schema(ObjectMapper mapper, JavaType type, int depth) {
        if (depth > MAX_DEPTH) {
            throw SilasException.invalid("schema", type.getRawClass().getSimpleName() + " nests too deeply");
        }
        Class<?> raw = type.getRawClass();
        ObjectNode node = NODES.objectNode();
        if (raw == String.class || raw == char.class || raw == Character.class) {
            node.put("type", "string");
        } else if (raw == boolean.class || raw == Boolean.class) {
            node.put("type", "boolean");
        } else if (raw == int.class || raw == long.class || raw == short.class || raw == Integer.class
                || raw == Long.class || raw == Short.class) {
            node.put("type", "integer");
        } else if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class) {
            node.put("type", "number");
        } else if (raw.isEnum()) {
            node.put("type", "string");
            ArrayNode values = node.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(mapper.convertValue(constant, String.class));
            }
        } else if (Temporal.class.isAssignableFrom(raw)) {
            node.put("type", "string");
            node.put("format", "date-time");
        } else if (Collection.class.isAssignableFrom(raw)) {
            node.put("type", "array");
            node.set("items", schema(mapper, type.getContentType(), depth + 1));
        } else if (raw.isRecord()) {
            object(mapper, type, node, depth);
        } else {
            throw SilasException.invalid("schema", "unsupported property type " + raw.getName());
        }
        return node;
    }

    private static void object(ObjectMapper mapper, JavaType type, ObjectNode node, int depth) {
        BeanDescription description = mapper.getSerializationConfig().introspect(type);
        node.put("type", "object");
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (!property.couldSerialize()) {
                continue;
            }
            ObjectNode value = schema(mapper, property.getPrimaryType(), depth + 1);
            if (nullable(type.getRawClass(), property.getInternalName())) {
                ObjectNode either = NODES.objectNode();
                either.putArray("anyOf").add(value).add(NODES.objectNode().put("type", "null"));
                properties.set(property.getName(), either);
            } else {
                properties.set(property.getName(), value);
                required.add(property.getName());
            }
        }
        node.set("required", required);
        node.put("additionalProperties", false);
    }

    private static boolean nullable(Class<?> record, String component) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getName().equals(component)) {
                return c.getAnnotatedType().isAnnotationPresent(Nullable.class);
            }
        }
        return false;
    }
}
