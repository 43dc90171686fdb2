package io.silas.gates;

import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A gate set as the runner evaluates it turn after turn: each gate with its provider resolved and, for predicate
 * gates, its configuration prepared once ({@link PreparedPredicate}), so an evaluation neither looks the provider
 * up nor copies the gate's configuration. Kept for the exact list object it was made from and valid while that list
 * still holds the same gate objects (gates are immutable). Immutable and thread-safe.
 */
record PreparedGates(List<Gate> source, Entry[] entries) {
    /** How one gate is checked against a context. */
    @FunctionalInterface
    interface Check {
        GateResult check(GateContext context);
    }

    /**
     * One gate and its check.
     *
     * @param check null when no provider of the gate's name is registered
     */
    record Entry(Gate gate, @Nullable Check check) {
    }

    /** @throws SilasException {@code INVALID_INPUT} when the list holds a null gate */
    static PreparedGates of(List<Gate> gates, Map<String, GateCheckProvider> providers) {
        Entry[] entries = new Entry[gates.size()];
        for (int i = 0; i < entries.length; i++) {
            Gate gate = gates.get(i);
            if (gate == null) {
                throw SilasException.invalid("gates", "must not contain null");
            }
            entries[i] = prepared(gate, providers);
        }
        return new PreparedGates(gates, entries);
    }

    /** The gate with its provider's plain {@link GateCheckProvider#check} (a gate checked once). */
    static Entry unprepared(Gate gate, Map<String, GateCheckProvider> providers) {
        GateCheckProvider provider = providers.get(gate.provider());
        return new Entry(gate, provider == null ? null : ctx -> provider.check(gate, ctx));
    }

    private static Entry prepared(Gate gate, Map<String, GateCheckProvider> providers) {
        if (providers.get(gate.provider()) instanceof PredicateProvider predicate) {
            PreparedPredicate p;
            try {
                p = predicate.prepare(gate);
            } catch (RuntimeException e) {
                return unprepared(gate, providers); // the check then fails as it would unprepared: fail closed
            }
            return new Entry(gate, p::check);
        }
        return unprepared(gate, providers);
    }

    /** Whether this was prepared from {@code gates}: the same list, still holding the same gate objects. */
    boolean isFor(List<Gate> gates) {
        if (gates != source || gates.size() != entries.length) {
            return false;
        }
        for (int i = 0; i < entries.length; i++) {
            if (gates.get(i) != entries[i].gate()) {
                return false;
            }
        }
        return true;
    }

    /** The entries in list order (the array itself: callers only read it). */
    @Override
    public Entry[] entries() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "PreparedGates[" + entries.length + " gates]";
    }
}
