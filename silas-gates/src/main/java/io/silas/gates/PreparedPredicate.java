package io.silas.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silas.core.gate.BoundedRegex;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateLane;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateType;
import io.silas.core.path.ConfinedPaths;
import io.silas.core.vocabulary.GateAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One predicate gate with its configuration read once: the checked value's name, the clamp bounds, the case folding
 * of its string lists and its compiled regex. {@link PredicateProvider} evaluates every predicate gate through one
 * (so there is a single implementation of the rules of {@link Gates#predicate()}), and the gate runner keeps them for
 * a gate set it sees turn after turn, so that an evaluation reads the context value and compares, without copying
 * the gate's configuration or building a map. Immutable and thread-safe.
 */
final class PreparedPredicate {
    private static final String TOOL_ARG_PREFIX = GateContext.TOOL_ARGS + ".";
    private static final String AUTO_APPROVED = "Value is within the auto-approve range";

    private final Gate gate;
    private final String name;
    private final GateLane lane;
    private final String key;
    /** The argument name when {@code key} is {@code tool_args.<arg>} (read without the generic look-up), else null. */
    private final @Nullable String toolArg;
    private final ConfinedPaths files;
    /** The clamp of a numeric gate: {@code {min, max}}, or empty when it has none, or null when it is invalid. */
    private final double @Nullable [] clamp;
    private final boolean caseSensitive;
    private final List<String> allowed;
    private final List<String> approval;
    /** The regex of a regex gate; null when it has none or it is invalid (see {@link #regexProblem}). */
    private final @Nullable Pattern pattern;
    private final @Nullable String regexProblem;
    private final boolean fullMatch;
    /**
     * The results that do not depend on the checked value beyond what is fixed here, made once: a regex match, an
     * always-approval without a value, and (for a case-sensitive list) each allowed value's pass. Results are
     * immutable, so every evaluation that reaches one returns the same object.
     */
    private final GateResult matched;
    private final GateResult alwaysApproval;
    private final Map<String, GateResult> allowedPasses;
    /**
     * The last auto-approved number's result (racy by design: a result is immutable, so a thread sees either an
     * older complete result or this one; a miss only costs a new result).
     */
    private @Nullable GateResult lastAutoApproved;

    PreparedPredicate(Gate gate, String key, ConfinedPaths files) {
        this.gate = gate;
        this.name = gate.name();
        this.lane = gate.lane();
        this.key = key;
        this.toolArg = key.startsWith(TOOL_ARG_PREFIX) ? key.substring(TOOL_ARG_PREFIX.length()) : null;
        this.files = files;
        this.clamp = gate.type() == GateType.NUMERIC_RANGE ? clamp(gate.configValue("clamp"), key) : new double[0];
        this.caseSensitive = bool(gate.configValue("case_sensitive"), true);
        this.allowed = folded(gate.allowedValues(), caseSensitive);
        this.approval = folded(gate.approvalValues(), caseSensitive);
        JsonNode configured = gate.configValue("pattern");
        String regex = configured != null && configured.isTextual() ? configured.textValue() : gate.check();
        Pattern compiled = null;
        String problem = null;
        if (gate.type() == GateType.REGEX) {
            if (regex == null) {
                problem = "Regex gate has no pattern";
            } else {
                int flags = (bool(gate.configValue("case_insensitive"), false)
                        ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                        | (bool(gate.configValue("multiline"), false) ? Pattern.MULTILINE : 0)
                        | (bool(gate.configValue("dotall"), false) ? Pattern.DOTALL : 0);
                compiled = RegexCache.compile(regex, flags);
                problem = compiled == null ? "Invalid regex" : null;
            }
        }
        this.pattern = compiled;
        this.regexProblem = problem;
        this.fullMatch = bool(gate.configValue("full_match"), false);
        this.matched = result(GateAction.CONTINUE, "Value matches the pattern", null, Map.of());
        this.alwaysApproval = result(GateAction.REQUIRE_APPROVAL, "Human approval is always required", null, Map.of());
        Map<String, GateResult> passes = new HashMap<>();
        if (caseSensitive) {
            for (String value : allowed) {
                passes.putIfAbsent(value, allowedPass(value));
            }
        }
        this.allowedPasses = Map.copyOf(passes);
    }

    /** Evaluates the gate against the context's value of its key. */
    GateResult check(GateContext context) {
        return evaluate(toolArg != null ? context.toolArg(toolArg) : context.value(key).orElse(null));
    }

    /** Evaluates the gate's type against one value. */
    GateResult evaluate(@Nullable JsonNode value) {
        if (gate.type() == GateType.APPROVAL_ALWAYS) {
            JsonNode shown = scalar(value);
            return shown == null ? alwaysApproval
                    : result(GateAction.REQUIRE_APPROVAL, "Human approval is always required", shown, Map.of());
        }
        if (value == null) {
            return block("No value to check: " + key);
        }
        return switch (gate.type()) {
            case NUMERIC_RANGE -> numeric(value);
            case STRING_MATCH -> stringMatch(value);
            case REGEX -> regex(value);
            case FILE_VALID -> file(value);
            default -> block("Predicate provider cannot evaluate " + gate.type().name().toLowerCase(Locale.ROOT));
        };
    }

    private GateResult numeric(JsonNode value) {
        Double parsed = PredicateProvider.number(value);
        if (parsed == null) {
            return block("Value is not numeric");
        }
        double v = parsed;
        if (gate.block() != null && gate.block().blocks(v)) {
            return result(GateAction.BLOCK, "Value " + fmt(v) + " outside permitted range ["
                    + fmt(gate.block().outside().get(0)) + ", " + fmt(gate.block().outside().get(1)) + "]",
                    DoubleNode.valueOf(v), Map.of());
        }
        Map<String, JsonNode> mutation = Map.of();
        String prefix = "";
        if (clamp == null) {
            return block("Invalid clamp configuration (needs min <= max and extract tool_args.<name>)");
        }
        if (clamp.length == 2) {
            double clamped = Math.min(Math.max(v, clamp[0]), clamp[1]);
            if (clamped != v) {
                ObjectNode patch = JsonNodeFactory.instance.objectNode();
                patch.set(key.substring(TOOL_ARG_PREFIX.length()), numberNode(clamped));
                mutation = Map.of(GateContext.TOOL_ARGS, patch);
                prefix = "Clamped " + fmt(v) + " to " + fmt(clamped) + "; ";
                v = clamped;
            }
        }
        if (gate.autoApprove() != null && gate.autoApprove().contains(v)) {
            // A passing value is in the result's value; only a clamp (which changed it) is told in the reason.
            if (!prefix.isEmpty()) {
                return result(GateAction.CONTINUE, prefix + "Value " + fmt(v) + " is within the auto-approve range",
                        DoubleNode.valueOf(v), mutation);
            }
            GateResult last = lastAutoApproved;
            if (last != null && Double.doubleToLongBits(last.value().doubleValue()) == Double.doubleToLongBits(v)) {
                return last;
            }
            GateResult approved = result(GateAction.CONTINUE, AUTO_APPROVED, DoubleNode.valueOf(v), Map.of());
            lastAutoApproved = approved;
            return approved;
        }
        if (gate.requireApproval() != null && gate.requireApproval().contains(v)) {
            return result(GateAction.REQUIRE_APPROVAL, prefix + "Value " + fmt(v) + " requires approval",
                    DoubleNode.valueOf(v), mutation);
        }
        return result(GateAction.BLOCK, prefix + "Value " + fmt(v) + " is not in an approved range",
                DoubleNode.valueOf(v), mutation);
    }

    private GateResult stringMatch(JsonNode value) {
        String text = ContextValues.text(value);
        if (text == null) {
            return block("Value is not a string");
        }
        if (caseSensitive) {
            GateResult pass = allowedPasses.get(text);
            if (pass != null) {
                return pass;
            }
        }
        String compared = caseSensitive ? text : text.toLowerCase(Locale.ROOT);
        if (allowed.contains(compared)) {
            return allowedPass(text);
        }
        if (approval.contains(compared)) {
            return result(GateAction.REQUIRE_APPROVAL, "Value requires approval", TextNode.valueOf(text), Map.of());
        }
        return result(GateAction.BLOCK, "Value is not allowed", TextNode.valueOf(text), Map.of());
    }

    private GateResult regex(JsonNode value) {
        String text = ContextValues.text(value);
        if (text == null) {
            return block("Value is not a string");
        }
        if (pattern == null) {
            return block(regexProblem);
        }
        return switch (BoundedRegex.match(pattern, text, fullMatch)) {
            case MATCH -> matched;
            case NO_MATCH -> block("Value does not match the pattern");
            case BUDGET_EXCEEDED, TOO_DEEP -> block("Regex evaluation exceeded its step budget");
        };
    }

    private GateResult file(JsonNode value) {
        if (!value.isTextual()) {
            return block("Value is not a path");
        }
        ConfinedPaths.Resolution r = files.resolve(value.textValue());
        if (!r.ok()) {
            return block(r.problem());
        }
        Path real = r.path();
        if (!Files.isRegularFile(real)) {
            return block("Not a regular file");
        }
        Map<String, JsonNode> config = gate.config();
        Double max = PredicateProvider.number(config.get("max_size_bytes"));
        if (config.containsKey("max_size_bytes") && (max == null || max < 0)) {
            return block("Invalid max_size_bytes");
        }
        if (max != null) {
            try {
                if (Files.size(real) > max) {
                    return block("File exceeds max_size_bytes (" + fmt(max) + ")");
                }
            } catch (IOException e) {
                return block("File not readable");
            }
        }
        JsonNode namePattern = config.get("filename_pattern");
        if (namePattern != null) {
            Pattern p = namePattern.isTextual() ? RegexCache.compile(namePattern.textValue(), 0) : null;
            if (p == null) {
                return block("Invalid filename_pattern");
            }
            if (BoundedRegex.match(p, real.getFileName().toString(), true) != BoundedRegex.Outcome.MATCH) {
                return block("File name not allowed");
            }
        }
        return result(GateAction.CONTINUE, "File is valid", null, Map.of());
    }

    private GateResult allowedPass(String text) {
        return result(GateAction.CONTINUE, "Value is allowed", TextNode.valueOf(text), Map.of());
    }

    private GateResult block(String reason) {
        return result(GateAction.BLOCK, reason, null, Map.of());
    }

    private GateResult result(GateAction action, String reason, @Nullable JsonNode value,
                              Map<String, JsonNode> mutation) {
        return new GateResult(name, lane, action, reason, value, null, List.of(), mutation);
    }

    /** {@code {min, max}}; empty without a clamp; null for an invalid one (the gate then blocks every number). */
    private static double @Nullable [] clamp(@Nullable JsonNode clamp, String key) {
        if (clamp == null) {
            return new double[0];
        }
        Double lo = PredicateProvider.number(clamp.get("min"));
        Double hi = PredicateProvider.number(clamp.get("max"));
        if (lo == null || hi == null || lo > hi || !key.startsWith(TOOL_ARG_PREFIX)) {
            return null;
        }
        return new double[] {lo, hi};
    }

    private static List<String> folded(List<String> values, boolean caseSensitive) {
        return caseSensitive ? List.copyOf(values)
                : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
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

    private static String fmt(double v) {
        return PredicateProvider.fmt(v);
    }
}
