package io.silas.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;

/**
 * The shared Jackson configuration. Every JSON the SDK reads or writes goes through these mappers so
 * that field names (snake_case), enum spelling (lower case) and time format (ISO-8601 UTC)
 * are identical everywhere, including in hashes and signatures.
 *
 * <p>{@link #mapper()} ignores unknown properties (inputs that may grow); {@link #strictMapper()} rejects
 * them and is used for input that must be exact (approval tokens, signed payloads). Both are thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = configure(JsonMapper.builder(), false);
    private static final ObjectMapper STRICT = configure(JsonMapper.builder(), true);
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(new YAMLFactory()), false);

    private Json() {
    }

    private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> M configure(
            B builder, boolean strict) {
        return builder
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
                .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
                .configure(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS, false)
                .configure(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, false)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(StreamWriteFeature.USE_FAST_DOUBLE_WRITER, true)
                .build();
    }

    /** {@return the lenient shared mapper (unknown properties ignored)} */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@return the exact mapper: unknown properties fail} Use for tokens and signed payloads. */
    public static ObjectMapper strictMapper() {
        return STRICT;
    }

    /** {@return the YAML mapper with the same naming rules, for config files and plan front matter} */
    public static ObjectMapper yamlMapper() {
        return YAML;
    }

    /**
     * Serialises with the shared mapper; a value that cannot be written is an {@code INVALID_INPUT}.
     *
     * @param value the new value
     * @return the string
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SilasException(ErrorCode.INVALID_INPUT, "cannot serialise " + value.getClass().getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Converts a value to a tree with the shared naming rules. Plain values (strings, booleans, ints, longs, lists
     * and string-keyed maps of them) are built directly; the result is the same as the mapper's conversion.
     *
     * @param value the new value
     * @return the json node
     */
    public static JsonNode tree(Object value) {
        return PlainTrees.tree(value, Json::mapperTree);
    }

    private static JsonNode mapperTree(Object value) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw unwrap(e, value.getClass().getSimpleName());
        }
    }

    /**
     * Reads JSON leniently; malformed input becomes {@code INVALID_INPUT} naming the path.
     *
     * @param <T> the type of the value
     * @param json the JSON text
     * @param type the type
     * @return the t
     */
    public static <T> T read(String json, Class<T> type) {
        return read(MAPPER, json, type);
    }

    /**
     * Reads JSON strictly (unknown properties fail).
     *
     * @param <T> the type of the value
     * @param json the JSON text
     * @param type the type
     * @return the t
     */
    public static <T> T readStrict(String json, Class<T> type) {
        return read(STRICT, json, type);
    }

    /**
     * Reads with the given mapper, translating Jackson failures into {@link SilasException}.
     *
     * @param <T> the type of the value
     * @param mapper the mapper
     * @param json the JSON text
     * @param type the type
     * @return the t
     */
    public static <T> T read(ObjectMapper mapper, String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw unwrap(e, type.getSimpleName());
        }
    }

    /**
     * Converts a tree into a typed value, translating failures into {@link SilasException}.
     *
     * @param <T> the type of the value
     * @param node the node
     * @param type the type
     * @return the t
     */
    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unwrap(e, type.getSimpleName());
        }
    }

    /**
     * Turns a Jackson failure into a {@link SilasException}: a validation error thrown by a record's
     * constructor is passed through unchanged, anything else becomes {@code INVALID_INPUT} naming the
     * JSON path that failed.
     *
     * @param e the e
     * @param what the what
     * @return the silas exception
     */
    public static SilasException unwrap(Exception e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SilasException se) {
                return se;
            }
        }
        String path = "";
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jme && !jme.getPath().isEmpty()) {
            path = jme.getPathReference().replaceFirst("^[^\\[\"]*", "");
        }
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            detail = e.getCause().getMessage();
        }
        return new SilasException(ErrorCode.INVALID_INPUT,
                what + (path.isEmpty() ? "" : " at " + path) + ": " + firstLine(detail), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
