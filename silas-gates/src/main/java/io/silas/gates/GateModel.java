package io.silas.gates;

import io.silas.core.error.SilasException;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;

/**
 * The host's quality-tier model behind {@code llm} gates (docs/contracts.md#gates): given a gate, its context and a
 * ready-made constrained prompt, returns the model's raw answer. The provider parses that answer; the model
 * only has to answer with the JSON the prompt asks for (extra prose or a fenced code block around it is
 * tolerated). Hosts should call the model with low-variance settings (temperature 0, small max tokens).
 *
 * <p>May be called from several threads at once; may block (the provider enforces its timeout and interrupts
 * the call). Throwing, returning null or unparsable text counts as a failure of the model.
 *
 * <p><b>Security guarantees:</b> the model's answer is data: it is parsed strictly, can never rewrite the context,
 * and in the quality lane can never block. Only a gate with {@code promote_to_policy} lets the model decide,
 * and then every failure blocks.
 */
@FunctionalInterface
public interface GateModel {
    /**
     * {@return the model's raw answer (JSON, possibly wrapped in prose)}
     *
     * @param request the request
     */
    String evaluate(Request request);

    /**
     * One evaluation.
     *
     * @param gate     the gate being checked ({@code check} holds its policy question)
     * @param context  the gate's context
     * @param value    the checked value (the gate's {@code extract}, else the trigger's natural value), or "" when absent
     * @param prompt   a constrained prompt stating the policy, the value and the required output schema
     * @param promoted whether the gate is promoted to the policy lane (the answer must carry an {@code action})
     */
    record Request(Gate gate, GateContext context, String value, String prompt, boolean promoted) {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param gate     the gate being checked ({
         * @param context  the gate's context
         * @param value    the checked value (the gate's {
         * @param prompt   a constrained prompt stating the policy, the value and the required output schema
         * @param promoted whether the gate is promoted to the policy lane (the answer must carry an {
         */
        public Request {
            if (gate == null || context == null || value == null || prompt == null) {
                throw SilasException.invalid("gate_model_request", "gate, context, value and prompt are required");
            }
        }
    }
}
