package io.silas.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:-fallback}} in the string scalars of a YAML tree (keys are never
 * interpolated). The fallback is used when the variable is unset or empty and may itself contain references;
 * <code>$${</code> yields a literal <code>${</code>; any other {@code $} is kept. Values taken from the environment are
 * inserted literally and never interpolated again, so an environment value cannot inject a reference.
 *
 * <p>A scalar that cannot be resolved (unset variable without fallback, malformed reference) is reported with
 * its YAML path and the variable name, and dropped from the tree; the value of a variable is never reported.
 */
final class EnvInterpolator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, @Nullable String> env;
    private final Violations violations;

    EnvInterpolator(Function<String, @Nullable String> env, Violations violations) {
        this.env = env;
        this.violations = violations;
    }

    /** Returns an interpolated copy of the tree. */
    JsonNode apply(JsonNode node, String path) {
        JsonNode out = resolve(node, path);
        return out == null ? JsonNodeFactory.instance.nullNode() : out;
    }

    private @Nullable JsonNode resolve(JsonNode node, String path) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = resolve(field.getValue(), join(path, field.getKey()));
                if (value != null) {
                    copy.set(field.getKey(), value);
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = resolve(node.get(i), path + "[" + i + "]");
                if (value != null) {
                    copy.add(value);
                }
            }
            return copy;
        }
        if (node.isTextual()) {
            String text = expand(node.textValue(), path);
            return text == null ? null : TextNode.valueOf(text);
        }
        return node;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Expands one scalar; returns null (after reporting) if any reference in it cannot be resolved. */
    @Nullable String expand(String text, String path) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean ok = true;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = matchingBrace(text, i + 1);
                if (end < 0) {
                    violations.add(path, "malformed ${...} reference (expected ${NAME} or ${NAME:-fallback})");
                    return null;
                }
                String resolved = reference(text.substring(i + 2, end), path);
                if (resolved == null) {
                    ok = false;
                } else {
                    out.append(resolved);
                }
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return ok ? out.toString() : null;
    }

    private @Nullable String reference(String body, String path) {
        int sep = body.indexOf(":-");
        String name = sep < 0 ? body : body.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            violations.add(path, "malformed ${...} reference (expected ${NAME} or ${NAME:-fallback})");
            return null;
        }
        String value = env.apply(name);
        if (sep >= 0 && (value == null || value.isEmpty())) {
            return expand(body.substring(sep + 2), path);
        }
        if (value == null) {
            violations.add(path, "environment variable " + name + " is not set (use ${" + name
                    + ":-fallback} to give a default)");
        }
        return value;
    }

    /** Index of the brace closing the one at {@code open}, counting nested braces; -1 if none. */
    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
