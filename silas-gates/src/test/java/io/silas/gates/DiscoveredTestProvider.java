package io.silas.gates;

import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;

/** Listed in the test META-INF/services file: a well-behaved discovered provider. */
public final class DiscoveredTestProvider implements GateCheckProvider {
    static final String NAME = "test_discovered";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GateResult check(Gate gate, GateContext context) {
        return GateResult.pass(gate, "discovered");
    }

    /** Listed in the services file: clashes with a provider registered by code. */
    public static final class Duplicate implements GateCheckProvider {
        @Override
        public String name() {
            return "test_dup";
        }

        @Override
        public GateResult check(Gate gate, GateContext context) {
            return GateResult.block(gate, "discovered duplicate must not win");
        }
    }

    /** Listed in the services file: its constructor throws. */
    public static final class Broken implements GateCheckProvider {
        public Broken() {
            throw new IllegalStateException("cannot start");
        }

        @Override
        public String name() {
            return "test_broken";
        }

        @Override
        public GateResult check(Gate gate, GateContext context) {
            return GateResult.pass(gate, "never");
        }
    }

    /** Listed in the services file: name() throws. */
    public static final class Nameless implements GateCheckProvider {
        @Override
        public String name() {
            throw new IllegalStateException("no name");
        }

        @Override
        public GateResult check(Gate gate, GateContext context) {
            return GateResult.pass(gate, "never");
        }
    }
}
