package io.silas.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Hashes;
import io.silas.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Properties every hash and signature relies on, for arbitrary JSON trees: the input's key order never
 * changes the canonical bytes, and parsing the canonical form gives back the same tree (same bytes again).
 */
class CanonicalHashingFuzzTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @FuzzTest(maxDuration = "30s")
    void canonical_keyOrderIrrelevant_andParseSerializeIdentity(FuzzedDataProvider data) throws Exception {
        JsonNode tree = value(data, 0);
        byte[] canonical = CanonicalJson.bytes(tree);

        JsonNode reordered = reorder(tree);
        assertThat(CanonicalJson.bytes(reordered)).isEqualTo(canonical);
        assertThat(Hashes.canonicalSha256Hex(reordered)).isEqualTo(Hashes.canonicalSha256Hex(tree));

        JsonNode parsed = Json.mapper().readTree(new String(canonical, StandardCharsets.UTF_8));
        assertThat(parsed.equals(NUMERIC_VALUE, tree)).as("parse(canonical(x)) == x").isTrue();
        assertThat(CanonicalJson.bytes(parsed)).isEqualTo(canonical);
    }

    /** Numbers compare by value: the parser may pick a different node class for the same number. */
    private static final Comparator<JsonNode> NUMERIC_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static JsonNode value(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth >= 5 ? 5 : 7);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(data.consumeBoolean());
            case 2 -> NODES.numberNode(data.consumeLong());
            case 3 -> NODES.numberNode(data.consumeRegularDouble());
            case 4 -> NODES.numberNode(data.consumeInt());
            case 5 -> NODES.textNode(text(data));
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) {
                    array.add(value(data, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                int n = data.consumeInt(0, 5);
                for (int i = 0; i < n; i++) {
                    object.set(text(data), value(data, depth + 1));
                }
                yield object;
            }
        };
    }

    /** Fuzzed text with lone surrogates replaced: canonical JSON rejects them by design. */
    private static String text(FuzzedDataProvider data) {
        String raw = data.consumeString(24);
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                sb.append(c).append(raw.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** The same tree with every object's keys inserted in reverse order. */
    private static JsonNode reorder(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            Collections.reverse(fields);
            ObjectNode copy = NODES.objectNode();
            fields.forEach(e -> copy.set(e.getKey(), reorder(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(e -> copy.add(reorder(e)));
            return copy;
        }
        return node;
    }
}
