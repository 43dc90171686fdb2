package io.silas.langchain4j;

import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailRequest;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import io.silas.core.error.Checks;
import io.silas.core.gate.EscalationStep;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.work.EscalationPolicy;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Silas gates as LangChain4j guardrails, so an existing {@code AiServices} app adopts them in one line:
 *
 * <pre>{@code
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
 *     .inputGuardrails(SilasGuardrails.input(gates, systemGates, escalation))
 *     .outputGuardrails(SilasGuardrails.output(gates, systemGates, escalation))
 *     .build();
 * }</pre>
 *
 * <p>The input guardrail runs the {@code every_user_message} gates on the user message, the output guardrail the
 * {@code every_agent_response} gates on the model's reply, through the given runner (two lanes, mutation allowlist,
 * evaluation cap and the runner's audit). A policy rewrite (for example a redaction) replaces the text the model or
 * the caller gets. A block resolves the blocking gate's {@code on_block} escalation: {@code suppress_and_rephrase}
 * on output becomes a LangChain4j reprompt with the escalation's instruction; any other step is a fatal guardrail
 * result whose message is the step's user-facing message when it has one, else the gate's reason. A gate that
 * requires approval is fatal too: a guardrail has no owner to ask.
 *
 * <p><b>Security guarantees:</b> fails closed — blocked or approval-requiring text never reaches the model (input)
 * or the caller (output), and only policy-lane rewrites apply (the runner enforces lanes and the allowlist).
 */
public final class SilasGuardrails {
    private SilasGuardrails() {
    }

    /**
     * {@return the input guardrail with the built-in escalations (a block is fatal with the gate's reason)}
     *
     * @param runner the runner
     * @param gates the gates
     */
    public static InputGuardrail input(GateRunner runner, List<Gate> gates) {
        return input(runner, gates, null);
    }

    /**
     * {@return the input guardrail resolving blocks through {@code escalation}}
     *
     * @param runner the runner
     * @param gates the gates
     * @param escalation the escalation
     */
    public static InputGuardrail input(GateRunner runner, List<Gate> gates, @Nullable EscalationPolicy escalation) {
        Checks.nonNull(runner, "runner");
        List<Gate> checked = Checks.list(gates, "gates");
        return new InputGuardrail() {
            @Override
            public InputGuardrailResult validate(InputGuardrailRequest request) {
                String text = request.userMessage().singleText();
                GateEvaluation evaluation = runner.checkGates(checked, GateTrigger.EVERY_USER_MESSAGE,
                        GateContext.forMessage(null, text));
                if (evaluation.blocked()) {
                    return fatal(refusal(evaluation, checked, escalation));
                }
                if (evaluation.requiresApproval()) {
                    return fatal(approvalRefusal(evaluation));
                }
                String merged = evaluation.merged().message();
                return merged == null || merged.equals(text) ? success() : successWith(merged);
            }
        };
    }

    /**
     * {@return the output guardrail with the built-in escalations}
     *
     * @param runner the runner
     * @param gates the gates
     */
    public static OutputGuardrail output(GateRunner runner, List<Gate> gates) {
        return output(runner, gates, null);
    }

    /**
     * {@return the output guardrail resolving blocks through {@code escalation}}
     *
     * @param runner the runner
     * @param gates the gates
     * @param escalation the escalation
     */
    public static OutputGuardrail output(GateRunner runner, List<Gate> gates, @Nullable EscalationPolicy escalation) {
        Checks.nonNull(runner, "runner");
        List<Gate> checked = Checks.list(gates, "gates");
        return new OutputGuardrail() {
            @Override
            public OutputGuardrailResult validate(OutputGuardrailRequest request) {
                String text = request.responseFromLLM().aiMessage().text();
                GateEvaluation evaluation = runner.checkGates(checked, GateTrigger.EVERY_AGENT_RESPONSE,
                        GateContext.forResponse(null, text == null ? "" : text));
                if (evaluation.blocked()) {
                    EscalationStep step = step(evaluation, checked, escalation);
                    if (step instanceof EscalationStep.SuppressAndRephrase rephrase) {
                        return reprompt(reason(evaluation), rephrase.instruction());
                    }
                    return fatal(refusal(evaluation, checked, escalation));
                }
                if (evaluation.requiresApproval()) {
                    return fatal(approvalRefusal(evaluation));
                }
                String merged = evaluation.merged().response();
                return merged == null || merged.equals(text) ? success() : successWith(merged);
            }
        };
    }

    private static String reason(GateEvaluation evaluation) {
        GateResult block = evaluation.firstBlock().orElseThrow();
        return block.reason().isBlank() ? "blocked by gate " + block.gateName() : block.reason();
    }

    private static @Nullable EscalationStep step(GateEvaluation evaluation, List<Gate> gates,
                                                 @Nullable EscalationPolicy escalation) {
        if (escalation == null) {
            return null;
        }
        String name = evaluation.firstBlock().orElseThrow().gateName();
        for (Gate gate : gates) {
            if (gate.name().equals(name)) {
                return escalation.resolveBlock(gate, null).step();
            }
        }
        return null;
    }

    private static String refusal(GateEvaluation evaluation, List<Gate> gates, @Nullable EscalationPolicy escalation) {
        EscalationStep step = step(evaluation, gates, escalation);
        if (step instanceof EscalationStep.Respond respond) {
            return respond.message();
        }
        return reason(evaluation);
    }

    private static String approvalRefusal(GateEvaluation evaluation) {
        return "approval required by gate " + evaluation.approvalsRequired().get(0).gateName()
                + "; a guardrail cannot ask the owner";
    }
}
