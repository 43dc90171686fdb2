package io.silas.core.config;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Generates {@code docs/configuration.md} from {@link SilasConfig}: the YAML keys and types come from the record tree
 * (the names {@code RecordBinder} binds), the defaults from {@link SilasConfig#defaults()}, and the descriptions from
 * the records' Javadoc in {@code SilasConfig.java} (the summary of each record and its {@code @param} tags). So the
 * reference cannot drift from the code: a new key without a description, or a changed default, changes the output
 * and fails {@link ConfigurationReferenceTest} until the file is regenerated.
 */
final class ConfigurationReference {
    /** The command that rewrites the file, quoted in the header and in the test's failure message. */
    static final String REGENERATE = "mvn -pl silas-core test -Dtest=ConfigurationReferenceTest -Dsilas.docs.write=true";

    private static final Pattern RECORD_DOC = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*(?:public\\s+)?(?:static\\s+)?record\\s+(\\w+)\\s*\\(",
            Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("@param\\s+(\\w+)\\s+(.*)", Pattern.DOTALL);

    private final Map<String, String> summaries = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> params = new LinkedHashMap<>();
    private final List<String> undocumented = new ArrayList<>();

    private ConfigurationReference(String source) {
        Matcher m = RECORD_DOC.matcher(source);
        while (m.find()) {
            String[] parts = javadocText(m.group(1)).split("(?=@param\\s)");
            summaries.put(m.group(2), inline(parts[0]));
            Map<String, String> byName = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                Matcher p = PARAM.matcher(parts[i].strip());
                if (p.matches()) {
                    byName.put(p.group(1), inline(p.group(2)));
                }
            }
            params.put(m.group(2), byName);
        }
    }

    /** Reads the Javadoc of {@code SilasConfig.java} below the given module directory. */
    static ConfigurationReference fromSource(Path moduleDir) throws IOException {
        return new ConfigurationReference(Files.readString(
                moduleDir.resolve("src/main/java/io/silas/core/config/SilasConfig.java")));
    }

    /** Keys whose record component has no {@code @param} description (filled by {@link #markdown()}). */
    List<String> undocumented() {
        return List.copyOf(undocumented);
    }

    /** The whole reference page. */
    String markdown() {
        undocumented.clear();
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("<!-- Generated from SilasConfig (keys, types, defaults and Javadoc) by ConfigurationReferenceTest;\n")
                .append("     do not edit by hand. Regenerate with: ").append(REGENERATE).append(" -->\n\n")
                .append("Every key of `silas.yaml` that the SDK reads, with its default. ")
                .append(summaries.getOrDefault("SilasConfig", "")).append("\n");
        section(out, "Top level", "", SilasConfig.class, SilasConfig.defaults());
        return out.toString();
    }

    private void section(StringBuilder out, String title, String prefix, Class<?> type, Object defaults) {
        List<RecordComponent> nested = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        Object[] values = RecordBinder.components((Record) defaults);
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            if (c.getType().isRecord()) {
                nested.add(c);
                continue;
            }
            String key = prefix + RecordBinder.yamlName(c);
            String meaning = params.getOrDefault(type.getSimpleName(), Map.of()).get(c.getName());
            if (meaning == null || meaning.isBlank()) {
                undocumented.add(key);
                meaning = "";
            }
            rows.append("| `").append(key).append("` | ").append(typeName(c.getGenericType())).append(" | ")
                    .append(value(values[i])).append(" | ").append(meaning.replace("|", "\\|")).append(" |\n");
        }
        out.append("\n## ").append(title).append("\n\n");
        if (type != SilasConfig.class) {
            String summary = summaries.getOrDefault(type.getSimpleName(), "");
            if (summary.isBlank()) {
                undocumented.add(prefix.isEmpty() ? title : prefix.substring(0, prefix.length() - 1));
            } else {
                out.append(summary).append("\n\n");
            }
        }
        if (rows.length() > 0) {
            out.append("| key | type | default | meaning |\n|---|---|---|---|\n").append(rows);
        }
        for (RecordComponent c : nested) {
            String key = prefix + RecordBinder.yamlName(c);
            Object child = values[Arrays.asList(components).indexOf(c)];
            section(out, "`" + key + "`", key + ".", c.getType(), child);
        }
    }

    private static String typeName(Type type) {
        if (type instanceof ParameterizedType p) {
            String raw = ((Class<?>) p.getRawType()).getSimpleName();
            return raw.equals("List") ? "list of " + typeName(p.getActualTypeArguments()[0])
                    : raw.equals("Map") ? "map of " + typeName(p.getActualTypeArguments()[1]) : raw;
        }
        Class<?> c = (Class<?>) type;
        if (c.isEnum()) {
            return Arrays.stream(c.getEnumConstants()).map(e -> "`" + e.toString().toLowerCase(Locale.ROOT) + "`")
                    .collect(Collectors.joining(" or "));
        }
        return switch (c.getSimpleName()) {
            case "int", "Integer", "long" -> "integer";
            case "double", "Double" -> "number";
            case "String" -> "string";
            case "Path" -> "path";
            case "Object" -> "any";
            default -> c.getSimpleName();
        };
    }

    private static String value(Object value) {
        if (value == null) {
            return "none";
        }
        return "`" + yaml(value) + "`";
    }

    /** A default value in YAML flow style, records as mappings of their YAML keys. */
    private static String yaml(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Enum<?> e) {
            return e.toString().toLowerCase(Locale.ROOT);
        }
        if (value instanceof List<?> list) {
            return "[" + list.stream().map(ConfigurationReference::yaml).collect(Collectors.joining(", ")) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            return "{" + map.entrySet().stream().map(e -> e.getKey() + ": " + yaml(e.getValue())).sorted()
                    .collect(Collectors.joining(", ")) + "}";
        }
        if (value instanceof Record record) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] values = RecordBinder.components(record);
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                pairs.add(RecordBinder.yamlName(components[i]) + ": " + yaml(values[i]));
            }
            return "{" + String.join(", ", pairs) + "}";
        }
        return String.valueOf(value);
    }

    /** The comment text without the leading asterisks of each line. */
    private static String javadocText(String comment) {
        return comment.lines().map(l -> l.replaceFirst("^\\s*\\*\\s?", "")).collect(Collectors.joining("\n"));
    }

    /** Javadoc markup as markdown: paragraphs kept, everything else on one line, docs/ references as links. */
    private static String inline(String text) {
        String s = text.replaceAll("\\s+", " ").strip();
        s = s.replaceAll("\\s*<p>\\s*", "\n\n").replaceAll("<b>([^<]*)</b>", "**$1**");
        s = s.replaceAll("<code>([^<]*)</code>", "`$1`");
        s = s.replaceAll("docs/configuration\\.md(#[\\w-]+)", "[$1]($1)").replace("docs/configuration.md", "this page")
                .replaceAll("docs/([\\w-]+\\.md)(#[\\w-]+)?", "[$1$2]($1$2)");
        s = s.replaceAll("\\{@code ([^{}]*(?:\\{[^{}]*}[^{}]*)*)}", "`$1`");
        s = s.replaceAll("\\{@(?:link|linkplain) (?:[\\w.]*#)?([\\w.]+)(?:\\([^)]*\\))?(?: [^}]*)?}", "`$1`");
        s = s.replaceAll("\\{@value (?:[\\w.]*#)?(\\w+)}", "`$1`");
        s = s.replaceAll("</?(?:p|b|em|i)>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        s = s.replace("` `", "").replace("``", "");
        return s.strip();
    }
}
