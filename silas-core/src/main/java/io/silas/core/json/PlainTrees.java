package io.silas.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds the tree of plain values (strings, booleans, {@code Integer}, {@code Long}, lists and string-keyed maps of
 * them) directly, node for node as the shared mapper's {@code valueToTree} would, without serialising into a token
 * buffer and parsing it back. Hashes, signatures and audit entries convert such values on every approval and turn;
 * anything else (records, enums, times, other numbers, nodes) goes to the {@code fallback} conversion unchanged, so
 * the result never differs from the mapper's. Stateless and thread-safe.
 */
final class PlainTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PlainTrees() {
    }

    /** The tree of {@code value}; values that are not plain are converted by {@code fallback}. */
    static JsonNode tree(@Nullable Object value, Function<Object, JsonNode> fallback) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof String s) {
            return TextNode.valueOf(s);
        }
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (value instanceof Integer i) {
            return IntNode.valueOf(i);
        }
        if (value instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object element : list) {
                array.add(tree(element, fallback));
            }
            return array;
        }
        if (value instanceof Map<?, ?> map && stringKeys(map)) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                object.set((String) entry.getKey(), tree(entry.getValue(), fallback));
            }
            return object;
        }
        return fallback.apply(value);
    }

    private static boolean stringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
