package io.silas.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a script gate printed (docs/contracts.md#gates): {@code key: value} lines (first occurrence of a key wins) and
 * at most one reserved {@code modified_context: {json}} line. The script author controls stdout: a script that echoes
 * untrusted text verbatim lets that text print such lines, so scripts should print hashes, verdicts or sanitised
 * values, never raw input.
 */
record ScriptOutput(Map<String, String> values, Map<String, JsonNode> mutation, @Nullable String problem) {
    static final String MODIFIED_CONTEXT = "modified_context";
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    static ScriptOutput parse(String stdout) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, JsonNode> mutation = null;
        for (String line : stdout.split("\n", -1)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            if (!KEY.matcher(key).matches()) {
                continue;
            }
            String value = line.substring(colon + 1).strip();
            if (!key.equals(MODIFIED_CONTEXT)) {
                values.putIfAbsent(key, value);
                continue;
            }
            if (mutation != null) {
                return failed("Script printed modified_context more than once");
            }
            mutation = object(value);
            if (mutation == null) {
                return failed("Script printed an invalid modified_context (must be a JSON object)");
            }
        }
        return new ScriptOutput(Collections.unmodifiableMap(values), mutation == null ? Map.of() : mutation, null);
    }

    private static @Nullable Map<String, JsonNode> object(String json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            if (!(node instanceof ObjectNode obj)) {
                return null;
            }
            Map<String, JsonNode> out = new LinkedHashMap<>();
            obj.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    private static ScriptOutput failed(String problem) {
        return new ScriptOutput(Map.of(), Map.of(), problem);
    }
}
