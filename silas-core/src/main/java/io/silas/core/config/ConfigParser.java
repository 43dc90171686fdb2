package io.silas.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads {@link SilasConfig} from YAML text: syntax (one document, no duplicate keys), the optional
 * {@code silas:} root, environment interpolation, binding, validation — all problems in one exception.
 */
final class ConfigParser {
    private static final String ROOT_KEY = "silas";
    private static final String SINGLE_DOCUMENT = "the configuration must be a single YAML document";

    private ConfigParser() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw Violations.single("configuration file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw Violations.single("configuration file " + file + " is not valid UTF-8");
        } catch (IOException e) {
            throw Violations.single("configuration file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static SilasConfig parse(String yaml, Function<String, @Nullable String> env) {
        JsonNode document = readTree(yaml);
        if (!document.isObject()) {
            throw Violations.single("(document root): expected a mapping of configuration sections");
        }
        Violations violations = new Violations();
        JsonNode sections = document;
        String root = "";
        if (document.has(ROOT_KEY)) {
            root = ROOT_KEY;
            for (Map.Entry<String, JsonNode> field : document.properties()) {
                if (!field.getKey().equals(ROOT_KEY)) {
                    violations.add(field.getKey(), "unknown key: in a file with a 'silas:' root, every section"
                            + " belongs under it");
                }
            }
            sections = document.get(ROOT_KEY);
            if (sections.isNull()) {
                sections = JsonNodeFactory.instance.objectNode();
            } else if (!sections.isObject()) {
                violations.add(ROOT_KEY, "expected a mapping of configuration sections");
                sections = JsonNodeFactory.instance.objectNode();
            }
        }
        JsonNode resolved = new EnvInterpolator(env, violations).apply(sections, root);
        Object[] components = new RecordBinder(violations)
                .bindComponents(resolved, SilasConfig.class, SilasConfig.defaultComponents(), root);
        SilasConfig config = null;
        try {
            config = RecordBinder.construct(SilasConfig.class, components);
        } catch (SilasException e) {
            if (e.code() != ErrorCode.CONFIG_INVALID) {
                throw e;
            }
            violations.addFrom(e, root.isEmpty() ? "" : root + ".");
        }
        violations.throwIfAny();
        return Objects.requireNonNull(config);
    }

    /** Parses one YAML document with duplicate-key detection; a syntax error names its line. */
    static JsonNode readTree(String yaml) {
        try (JsonParser parser = Json.yamlMapper().getFactory().createParser(yaml)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonNode node = Json.yamlMapper().readTree(parser); // the shared mapper fails on trailing documents
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw Violations.single("malformed YAML: " + e.getClass().getSimpleName());
        }
    }

    /** Describes a syntax error by line, column and problem, never quoting the document's text. */
    private static SilasException malformed(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                return Violations.single("malformed YAML at line " + (yaml.getProblemMark().getLine() + 1)
                        + ", column " + (yaml.getProblemMark().getColumn() + 1) + ": " + yaml.getProblem());
            }
        }
        JsonLocation location = e.getLocation();
        String original = e.getOriginalMessage();
        String problem = "not valid YAML";
        if (original != null && original.startsWith("Duplicate field")) {
            problem = "duplicate key " + original.substring("Duplicate field".length()).trim();
        } else if (original != null && original.startsWith("Trailing token")) {
            problem = SINGLE_DOCUMENT;
        }
        return Violations.single("malformed YAML" + (location == null ? "" : " at line " + location.getLineNr()
                + ", column " + location.getColumnNr()) + ": " + problem);
    }
}
