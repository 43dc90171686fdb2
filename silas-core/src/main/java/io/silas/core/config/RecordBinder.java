package io.silas.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Binds a YAML tree onto the config records, one component at a time, so that every problem is reported
 * (not only the first) and a missing key takes the default. Keys are the snake_case names of the record
 * components (or their {@code @JsonProperty}); unknown keys are violations. Problems never quote a value.
 *
 * <p>Where a value is unusable the default (or a zero placeholder) is kept so that binding can go on and
 * the validation rules can still run; the caller throws once everything is collected.
 */
final class RecordBinder {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private static final TypeReference<LinkedHashMap<String, Object>> FREE_FORM = new TypeReference<>() {
    };

    private final Violations violations;

    RecordBinder(Violations violations) {
        this.violations = violations;
    }

    /** The YAML key of a record component. */
    static String yamlName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value()
                : SNAKE.translate(component.getName());
    }

    /** Whether the component is annotated {@code @Nullable}. */
    static boolean nullable(RecordComponent component) {
        return component.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    /** Calls the canonical constructor, passing through the record's own {@link SilasException}. */
    static <T> T construct(Class<T> type, Object[] args) {
        try {
            Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
        }
    }

    /** The component values of a record instance, in declaration order. */
    static Object[] components(Record record) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            try {
                values[i] = components[i].getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + components[i].getName(), e);
            }
        }
        return values;
    }

    /**
     * Binds the component values of a record type from a mapping.
     *
     * @param defaults component defaults in declaration order, or null if every key is required
     */
    Object[] bindComponents(JsonNode node, Class<?> type, Object @Nullable [] defaults, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            index.put(yamlName(components[i]), i);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!index.containsKey(field.getKey())) {
                violations.add(EnvInterpolator.join(path, field.getKey()),
                        UnknownKeys.describe(type, field.getKey(), index.keySet()));
            }
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String key = yamlName(component);
            String childPath = EnvInterpolator.join(path, key);
            Object fallback = defaults != null ? defaults[i] : placeholder(component.getType());
            JsonNode child = node.get(key);
            if (child == null) {
                if (defaults == null && !nullable(component)) {
                    violations.add(childPath, "required");
                }
                args[i] = fallback;
            } else {
                args[i] = value(child, component.getGenericType(), fallback, nullable(component), childPath);
            }
        }
        return args;
    }

    private @Nullable Object value(JsonNode node, Type type, @Nullable Object fallback, boolean nullable,
                                   String path) {
        Class<?> raw = raw(type);
        if (node.isNull() || node.isMissingNode()) {
            if (raw.isRecord() && fallback != null) {
                return fallback;
            }
            if (List.class.equals(raw)) {
                return List.of();
            }
            if (Map.class.equals(raw)) {
                return Map.of();
            }
            if (nullable) {
                return null;
            }
            violations.add(path, "must not be null");
            return fallback;
        }
        if (raw.isRecord()) {
            return record(node, raw, fallback, path);
        }
        if (List.class.equals(raw)) {
            return list(node, ((ParameterizedType) type).getActualTypeArguments()[0], fallback, path);
        }
        if (Map.class.equals(raw)) {
            return map(node, ((ParameterizedType) type).getActualTypeArguments()[1], fallback, path);
        }
        Object scalar = scalar(node, raw, path);
        return scalar == null ? fallback : scalar;
    }

    private @Nullable Object record(JsonNode node, Class<?> type, @Nullable Object fallback, String path) {
        if (!node.isObject()) {
            violations.add(path, "expected a mapping");
            return fallback;
        }
        Object[] defaults = fallback instanceof Record r ? components(r) : null;
        return construct(type, bindComponents(node, type, defaults, path));
    }

    private @Nullable Object list(JsonNode node, Type element, @Nullable Object fallback, String path) {
        if (!node.isArray()) {
            violations.add(path, "expected a list");
            return fallback;
        }
        List<Object> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            Object value = value(node.get(i), element, null, false, path + "[" + i + "]");
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    private @Nullable Object map(JsonNode node, Type valueType, @Nullable Object fallback, String path) {
        if (!node.isObject()) {
            violations.add(path, "expected a mapping");
            return fallback;
        }
        if (Object.class.equals(valueType)) {
            return Json.mapper().convertValue(node, FREE_FORM);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            Object value = value(field.getValue(), valueType, null, false,
                    EnvInterpolator.join(path, field.getKey()));
            if (value != null) {
                out.put(field.getKey(), value);
            }
        }
        return out;
    }

    private @Nullable Object scalar(JsonNode node, Class<?> type, String path) {
        if (!node.isValueNode()) {
            violations.add(path, "expected a single value, not a " + (node.isArray() ? "list" : "mapping"));
            return null;
        }
        String text = node.asText();
        if (String.class.equals(type)) {
            return text;
        }
        if (int.class.equals(type) || Integer.class.equals(type)) {
            return integer(node, text, path);
        }
        if (double.class.equals(type) || Double.class.equals(type)) {
            return decimal(node, text, path);
        }
        if (boolean.class.equals(type) || Boolean.class.equals(type)) {
            return bool(node, text, path);
        }
        if (Path.class.equals(type)) {
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                violations.add(path, "not a valid path");
                return null;
            }
        }
        if (type.isEnum()) {
            return enumConstant(type, text, path);
        }
        throw new IllegalStateException("unsupported config type " + type.getName());
    }

    private @Nullable Integer integer(JsonNode node, String text, String path) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual() && text.trim().matches("[+-]?\\d{1,10}")) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                // out of int range: reported below
            }
        }
        violations.add(path, "expected an integer");
        return null;
    }

    private @Nullable Double decimal(JsonNode node, String text, String path) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                double d = Double.parseDouble(text.trim());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        violations.add(path, "expected a number");
        return null;
    }

    private @Nullable Boolean bool(JsonNode node, String text, String path) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (node.isTextual() && (t.equals("true") || t.equals("false"))) {
            return Boolean.valueOf(t);
        }
        violations.add(path, "expected true or false");
        return null;
    }

    private @Nullable Object enumConstant(Class<?> type, String text, String path) {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        Set<String> allowed = Arrays.stream(type.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        violations.add(path, "expected one of " + allowed);
        return null;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported config type " + type);
    }

    private static @Nullable Object placeholder(Class<?> type) {
        if (int.class.equals(type)) {
            return 0;
        }
        if (double.class.equals(type)) {
            return 0.0;
        }
        if (boolean.class.equals(type)) {
            return false;
        }
        return null;
    }
}
