package io.silas.core.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.silas.core.error.SilasException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Defensive copies of JSON-valued maps: JsonNode is mutable, so records copy in and copy out. */
final class JsonValues {
    private JsonValues() {
    }

    static Map<String, JsonNode> copyIn(@Nullable Map<String, JsonNode> values, String field) {
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

    static Map<String, JsonNode> copyOut(Map<String, JsonNode> values) {
        if (values.isEmpty()) {
            return values;
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }
}
