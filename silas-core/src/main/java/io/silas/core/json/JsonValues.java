package io.silas.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.silas.core.error.SilasException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Defensive copies of JSON-valued maps: {@link JsonNode} is mutable, so records copy in (in the compact
 * constructor) and copy out (in the accessor). Stateless and thread-safe; results are unmodifiable and keep the
 * insertion order.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /**
     * A deep, unmodifiable copy; null becomes empty and a null value becomes JSON {@code null}.
     *
     * @param values the values
     * @param field the field the problem is in
     * @return the json node>
     * @throws SilasException {@code INVALID_INPUT} naming {@code field} when a key is null
     */
    public static Map<String, JsonNode> copyIn(@Nullable Map<String, JsonNode> values, String field) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            if (e.getKey() == null) {
                throw SilasException.invalid(field, "keys must not be null");
            }
            copy.put(e.getKey(), e.getValue() == null ? NullNode.getInstance() : e.getValue().deepCopy());
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * {@return a deep, unmodifiable copy of a map made by {@link #copyIn} (so no null keys or values)}
     *
     * @param values the values
     */
    public static Map<String, JsonNode> copyOut(Map<String, JsonNode> values) {
        if (values.isEmpty()) {
            return values;
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }
}
