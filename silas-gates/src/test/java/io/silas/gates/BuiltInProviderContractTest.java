package io.silas.gates;

import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** Runs the provider contract against every built-in provider. */
class BuiltInProviderContractTest {
    @Nested
    class Predicate extends GateCheckProviderContract {
        @Override
        protected GateCheckProvider provider() {
            return Gates.predicate();
        }

        @Override
        protected Gate gate(GateTrigger trigger) {
            return Gate.builder("allowed", trigger).allowedValues(List.of("hello", "42")).build();
        }
    }

    @Nested
    class TextSafety extends GateCheckProviderContract {
        @Override
        protected GateCheckProvider provider() {
            return Gates.textSafety();
        }

        @Override
        protected Gate gate(GateTrigger trigger) {
            return Gate.builder("safety", trigger).provider("text_safety").build();
        }
    }

    @Nested
    class Llm extends GateCheckProviderContract {
        @Override
        protected GateCheckProvider provider() {
            return Gates.llm(req -> "{\"score\": 0.7, \"action\": \"continue\"}");
        }

        @Override
        protected Gate gate(GateTrigger trigger) {
            return Gate.builder("quality", trigger).provider("llm").check("Is it polite?").build();
        }
    }

    @Nested
    class Callable extends GateCheckProviderContract {
        @Override
        protected GateCheckProvider provider() {
            return Gates.callable("host_check", (g, c) -> c.senderId() == null ? GateResult.block(g, "anonymous")
                    : GateResult.pass(g, "known sender"));
        }

        @Override
        protected Gate gate(GateTrigger trigger) {
            return Gate.builder("host", trigger).provider("host_check").type(GateType.CUSTOM_CHECK).build();
        }
    }

    @Nested
    class Script extends GateCheckProviderContract {
        private final GateCheckProvider script = Gates.script(SandboxSupport.manager());

        @Override
        protected GateCheckProvider provider() {
            return script;
        }

        @Override
        protected Gate gate(GateTrigger trigger) {
            return Gate.builder("script", trigger).provider("script").type(GateType.CUSTOM_CHECK)
                    .checkCommand("sh -c 'test -n \"$SILAS_CTX_TOOL_ARGS\"'").build();
        }
    }
}
