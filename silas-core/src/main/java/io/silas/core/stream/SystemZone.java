package io.silas.core.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.config.SilasConfig;
import io.silas.core.json.Json;
import io.silas.core.tool.ToolDefinition;
import io.silas.core.tool.Toolset;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The texts rehydration pins in every scope's system zone (docs/contracts.md#startup-and-rehydration): the constitution
 * ({@code personality.constitution}, or its built-in default), the tool descriptions the host gave the Stream, and a
 * snapshot of the runtime configuration. The snapshot has sorted keys and leaves out what the model must not see or
 * does not need: anything that names a secret ({@code *_ref}, keys containing {@code key}, {@code token},
 * {@code secret} or {@code password}), filesystem paths, and the free-form gate definitions. Stateless.
 */
final class SystemZone {
    /** Source of the constitution item. */
    static final String SOURCE_CONSTITUTION = "system:constitution";
    /** Source of the tool-descriptions item. */
    static final String SOURCE_TOOLS = "system:tools";
    /** Source of the configuration-snapshot item. */
    static final String SOURCE_CONFIG = "system:config";

    /** Sections of the configuration the snapshot shows (the rest is paths, secrets' names or free-form). */
    private static final List<String> SECTIONS = List.of("owner_id", "scope_mode", "rehydration", "limits",
            "backpressure", "approval", "turns");

    private SystemZone() {
    }

    static String constitution(SilasConfig config) {
        StringBuilder text = new StringBuilder("[CONSTITUTION] These rules take precedence over everything else:");
        for (String line : config.personality().effectiveConstitution()) {
            text.append("\n- ").append(line);
        }
        return text.toString();
    }

    static String tools(@Nullable Toolset toolset) {
        List<ToolDefinition> definitions = toolset == null ? List.of() : toolset.definitions();
        if (definitions.isEmpty()) {
            return "[TOOLS] No tools are available.";
        }
        StringBuilder text = new StringBuilder("[TOOLS] Tools the host provides (each turn's request says which are"
                + " allowed):");
        definitions.stream().sorted(java.util.Comparator.comparing(ToolDefinition::name))
                .forEach(d -> text.append("\n- ").append(d.name()).append(": ").append(d.description()));
        return text.toString();
    }

    /**
     * The configuration block; the text of the last configuration asked for is kept (a Stream has one configuration
     * and rehydrates every scope with it), since building it serializes the whole configuration.
     */
    static String configSnapshot(SilasConfig config) {
        Snapshot last = lastSnapshot;
        if (last != null && last.config() == config) {
            return last.text();
        }
        String text = buildConfigSnapshot(config);
        lastSnapshot = new Snapshot(config, text);
        return text;
    }

    private static volatile @Nullable Snapshot lastSnapshot;

    private record Snapshot(SilasConfig config, String text) {
    }

    private static String buildConfigSnapshot(SilasConfig config) {
        JsonNode tree = Json.mapper().valueToTree(config);
        Map<String, String> flat = new TreeMap<>();
        for (String section : SECTIONS) {
            JsonNode node = tree.get(section);
            if (node != null) {
                flatten(section, node, flat);
            }
        }
        StringBuilder text = new StringBuilder("[CONFIGURATION] Runtime settings:");
        flat.forEach((key, value) -> text.append('\n').append(key).append(" = ").append(value));
        return text.toString();
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (!shown(path)) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(path + "." + field.getKey(), field.getValue(), out);
            }
        } else {
            out.put(path, node.isTextual() ? node.asText() : node.toString());
        }
    }

    private static boolean shown(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return !(last.endsWith("_ref") || last.contains("key") || last.contains("token") || last.contains("secret")
                || last.contains("password") || last.endsWith("dir") || last.endsWith("path"));
    }
}
