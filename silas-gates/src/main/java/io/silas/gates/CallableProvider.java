package io.silas.gates;

import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** A provider backed by a host lambda. Thread-safe if the lambda is. */
final class CallableProvider implements GateCheckProvider {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    private final String name;
    private final BiFunction<Gate, GateContext, GateResult> fn;

    CallableProvider(String name, BiFunction<Gate, GateContext, GateResult> fn) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SilasException.invalid("provider", "name '" + name + "' must match " + NAME.pattern());
        }
        if (fn == null) {
            throw SilasException.invalid("fn", "is required");
        }
        this.name = name;
        this.fn = fn;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateResult check(Gate gate, GateContext context) {
        return fn.apply(gate, context);
    }

    @Override
    public String toString() {
        return "CallableProvider[" + name + "]";
    }
}
