package io.silas.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import io.silas.core.work.BoundedRegex;
import io.silas.core.work.ConfinedPaths;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code predicate} provider (spec §5.5.2): deterministic checks with no external dependencies. See
 * {@link Gates#predicate()} for the rules. Immutable and thread-safe.
 */
final class PredicateProvider implements GateCheckProvider {
    static final String NAME = Gate.PROVIDER_PREDICATE;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int MAX_NUMBER_LENGTH = 400;
    private static final String TOOL_ARG_PREFIX = GateContext.TOOL_ARGS + ".";

    private final ConfinedPaths files;

    PredicateProvider(ConfinedPaths files) {
        this.files = files;
    }

    /**
     * Confinement to {@code permitted} (relative paths resolve against the first; none permits nothing).
     *
     * @throws SilasException {@code INVALID_INPUT} when the list is null or names anything but existing directories
     */
    static ConfinedPaths confine(List<Path> permitted) {
        if (permitted == null) {
            throw SilasException.invalid("permitted_directories", "is required");
        }
        for (Path p : permitted) {
            if (p == null || !Files.isDirectory(p)) {
                throw SilasException.invalid("permitted_directories", "must be existing directories");
            }
        }
        return permitted.isEmpty() ? ConfinedPaths.none()
                : ConfinedPaths.of(permitted.get(0), permitted.subList(1, permitted.size()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GateResult check(Gate gate, GateContext context) {
        String key = ContextValues.key(gate);
        return evaluate(gate, key, context.value(key).orElse(null));
    }

    /** Evaluates the gate's type against one value (also used by script gates for their {@code extract}). */
    GateResult evaluate(Gate gate, String key, @Nullable JsonNode value) {
        if (gate.type() == io.silas.core.gate.GateType.APPROVAL_ALWAYS) {
            return GateResult.requireApproval(gate, "Human approval is always required").withValue(scalar(value));
        }
        if (value == null) {
            return GateResult.block(gate, "No value to check: " + key);
        }
        return switch (gate.type()) {
            case NUMERIC_RANGE -> numeric(gate, key, value);
            case STRING_MATCH -> stringMatch(gate, value);
            case REGEX -> regex(gate, value);
            case FILE_VALID -> file(gate, value);
            default -> GateResult.block(gate, "Predicate provider cannot evaluate " + wire(gate.type()));
        };
    }

    private GateResult numeric(Gate gate, String key, JsonNode value) {
        Double parsed = number(value);
        if (parsed == null) {
            return GateResult.block(gate, "Value is not numeric");
        }
        double v = parsed;
        if (gate.block() != null && gate.block().blocks(v)) {
            return GateResult.block(gate, "Value " + fmt(v) + " outside permitted range [" + fmt(gate.block().outside().get(0))
                    + ", " + fmt(gate.block().outside().get(1)) + "]").withValue(v);
        }
        Map<String, JsonNode> config = gate.config();
        Map<String, JsonNode> mutation = Map.of();
        String prefix = "";
        JsonNode clamp = config.get("clamp");
        if (clamp != null) {
            Double lo = number(clamp.get("min"));
            Double hi = number(clamp.get("max"));
            if (lo == null || hi == null || lo > hi || !key.startsWith(TOOL_ARG_PREFIX)) {
                return GateResult.block(gate, "Invalid clamp configuration (needs min <= max and extract tool_args.<name>)");
            }
            double clamped = Math.min(Math.max(v, lo), hi);
            if (clamped != v) {
                ObjectNode patch = JsonNodeFactory.instance.objectNode();
                patch.set(key.substring(TOOL_ARG_PREFIX.length()), numberNode(clamped));
                mutation = Map.of(GateContext.TOOL_ARGS, patch);
                prefix = "Clamped " + fmt(v) + " to " + fmt(clamped) + "; ";
                v = clamped;
            }
        }
        GateResult r;
        if (gate.autoApprove() != null && gate.autoApprove().contains(v)) {
            r = GateResult.pass(gate, prefix + "Value " + fmt(v) + " is within the auto-approve range");
        } else if (gate.requireApproval() != null && gate.requireApproval().contains(v)) {
            r = GateResult.requireApproval(gate, prefix + "Value " + fmt(v) + " requires approval");
        } else {
            r = GateResult.block(gate, prefix + "Value " + fmt(v) + " is not in an approved range");
        }
        return r.withValue(v).withModifiedContext(mutation);
    }

    private static GateResult stringMatch(Gate gate, JsonNode value) {
        String text = ContextValues.text(value);
        if (text == null) {
            return GateResult.block(gate, "Value is not a string");
        }
        boolean caseSensitive = bool(gate, "case_sensitive", true);
        if (contains(gate.allowedValues(), text, caseSensitive)) {
            return GateResult.pass(gate, "Value is allowed").withValue(text);
        }
        if (contains(gate.approvalValues(), text, caseSensitive)) {
            return GateResult.requireApproval(gate, "Value requires approval").withValue(text);
        }
        return GateResult.block(gate, "Value is not allowed").withValue(text);
    }

    private static GateResult regex(Gate gate, JsonNode value) {
        String text = ContextValues.text(value);
        if (text == null) {
            return GateResult.block(gate, "Value is not a string");
        }
        JsonNode configured = gate.configValue("pattern");
        String regex = configured != null && configured.isTextual() ? configured.textValue() : gate.check();
        if (regex == null) {
            return GateResult.block(gate, "Regex gate has no pattern");
        }
        int flags = (bool(gate, "case_insensitive", false) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                | (bool(gate, "multiline", false) ? Pattern.MULTILINE : 0)
                | (bool(gate, "dotall", false) ? Pattern.DOTALL : 0);
        Pattern pattern = RegexCache.compile(regex, flags);
        if (pattern == null) {
            return GateResult.block(gate, "Invalid regex");
        }
        return switch (BoundedRegex.match(pattern, text, bool(gate, "full_match", false))) {
            case MATCH -> GateResult.pass(gate, "Value matches the pattern");
            case NO_MATCH -> GateResult.block(gate, "Value does not match the pattern");
            case BUDGET_EXCEEDED, TOO_DEEP -> GateResult.block(gate, "Regex evaluation exceeded its step budget");
        };
    }

    private GateResult file(Gate gate, JsonNode value) {
        if (!value.isTextual()) {
            return GateResult.block(gate, "Value is not a path");
        }
        ConfinedPaths.Resolution r = files.resolve(value.textValue());
        if (!r.ok()) {
            return GateResult.block(gate, r.problem());
        }
        Path real = r.path();
        if (!Files.isRegularFile(real)) {
            return GateResult.block(gate, "Not a regular file");
        }
        Map<String, JsonNode> config = gate.config();
        Double max = number(config.get("max_size_bytes"));
        if (config.containsKey("max_size_bytes") && (max == null || max < 0)) {
            return GateResult.block(gate, "Invalid max_size_bytes");
        }
        if (max != null) {
            try {
                if (Files.size(real) > max) {
                    return GateResult.block(gate, "File exceeds max_size_bytes (" + fmt(max) + ")");
                }
            } catch (IOException e) {
                return GateResult.block(gate, "File not readable");
            }
        }
        JsonNode namePattern = config.get("filename_pattern");
        if (namePattern != null) {
            Pattern p = namePattern.isTextual() ? RegexCache.compile(namePattern.textValue(), 0) : null;
            if (p == null) {
                return GateResult.block(gate, "Invalid filename_pattern");
            }
            if (BoundedRegex.match(p, real.getFileName().toString(), true) != BoundedRegex.Outcome.MATCH) {
                return GateResult.block(gate, "File name not allowed");
            }
        }
        return GateResult.pass(gate, "File is valid");
    }

    /** A finite number from a JSON number or a plain decimal string; null otherwise. */
    static @Nullable Double number(@Nullable JsonNode value) {
        if (value == null) {
            return null;
        }
        double d;
        if (value.isNumber()) {
            d = value.doubleValue();
        } else if (value.isTextual()) {
            String t = value.textValue().strip();
            if (t.length() > MAX_NUMBER_LENGTH || !DECIMAL.matcher(t).matches()) {
                return null;
            }
            d = Double.parseDouble(t);
        } else {
            return null;
        }
        return Double.isFinite(d) ? d : null;
    }

    private static boolean contains(java.util.List<String> values, String text, boolean caseSensitive) {
        for (String v : values) {
            if (caseSensitive ? v.equals(text) : v.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean bool(Gate gate, String key, boolean dflt) {
        return bool(gate.configValue(key), dflt);
    }

    private static boolean bool(@Nullable JsonNode n, boolean dflt) {
        return n != null && n.isBoolean() ? n.booleanValue() : dflt;
    }

    private static @Nullable JsonNode scalar(@Nullable JsonNode value) {
        return value != null && (value.isTextual() || value.isNumber()) ? value : null;
    }

    private static JsonNode numberNode(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? LongNode.valueOf((long) v) : DoubleNode.valueOf(v);
    }

    static String fmt(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
