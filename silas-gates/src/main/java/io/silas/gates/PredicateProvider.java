package io.silas.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.BoundedRegex;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import io.silas.core.path.ConfinedPaths;
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
 * The {@code predicate} provider (docs/contracts.md#gates): deterministic checks with no external dependencies. See
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
        return prepare(gate).check(context);
    }

    /**
     * The gate with its configuration read once (ranges, case folding, compiled regex, clamp bounds), for a runner
     * that evaluates the same gate turn after turn; its results equal {@link #check}'s.
     */
    PreparedPredicate prepare(Gate gate) {
        return new PreparedPredicate(gate, ContextValues.key(gate), files);
    }

    /** Evaluates the gate's type against one value (also used by script gates for their {@code extract}). */
    GateResult evaluate(Gate gate, String key, @Nullable JsonNode value) {
        return new PreparedPredicate(gate, key, files).evaluate(value);
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

    /**
     * The plain decimal form of {@code v} without trailing zeros ({@code BigDecimal}'s
     * {@code stripTrailingZeros().toPlainString()} of {@code Double.toString(v)}), without a {@code BigDecimal} for the
     * common integral values and plain non-integral ones: the reason of every numeric gate result carries it.
     */
    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String plain = Double.toString(v);
        return plain.indexOf('E') < 0 ? plain : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
