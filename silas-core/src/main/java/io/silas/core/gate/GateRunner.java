package io.silas.core.gate;

import java.util.List;

/**
 * Evaluates gates in two lanes (docs/contracts.md#gates). The default lives in
 * {@code io.silas.gates.Gates.runner()}.
 *
 * <p><b>Order.</b> {@link #checkGates} keeps only the gates whose trigger matches (for {@code after_step}, also
 * whose {@code after_step} is unset or equals the context's {@code step_index}) and evaluates the policy lane
 * first, in list order — callers pass system gates first, then the work item's gates — then the quality lane on
 * the merged context.
 *
 * <p><b>Turns.</b> Gate evaluations are capped per turn ({@code limits.max_gate_evals_per_turn}, default 32). A
 * turn is a {@link Session}: the caller opens one with {@link #openTurn()} when a turn starts and routes every
 * gate check of that turn (input, tool calls, steps, output) through it. {@link #checkGates} and
 * {@link #checkGate} on the runner itself are each a turn of their own. Over the cap, a gate is not run and
 * yields a policy {@code block}.
 *
 * <p>Never throws for provider failures: those become results (policy fails closed, quality fails open). Throws
 * {@code INVALID_INPUT} only for null arguments. Implementations are thread-safe.
 *
 * <p><b>Security guarantees:</b> this is the sole enforcement point of the mutation allowlist and of the lane
 * rules: only policy results may block, require approval or rewrite the context, and only the keys in
 * {@link GateContext#ALLOWED_MUTATIONS}; everything else is dropped and audited.
 */
public interface GateRunner {
    /**
     * Opens a turn: every check made through the returned session shares one evaluation budget.
     *
     * @return the session
     */
    Session openTurn();

    /**
     * Opens a turn whose budget is at most {@code maxEvaluations} (the Stream passes the configured
     * {@code limits.max_gate_evals_per_turn}), or the runner's own cap when that is lower. The default ignores the
     * argument: a runner without a cap of its own keeps its behaviour.
     *
     * @param maxEvaluations the max evaluations
     * @return the session
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} when {@code maxEvaluations < 1}
     */
    default Session openTurn(int maxEvaluations) {
        if (maxEvaluations < 1) {
            throw io.silas.core.error.SilasException.invalid("max_evaluations", "must be > 0");
        }
        return openTurn();
    }

    /**
     * Evaluates the matching gates as a turn of its own.
     *
     * @param gates the gates the plan carries (system gates of the host are not part of a plan)
     * @param trigger the trigger
     * @param ctx the ctx
     * @return the gate evaluation
     */
    default GateEvaluation checkGates(List<Gate> gates, GateTrigger trigger, GateContext ctx) {
        return openTurn().checkGates(gates, trigger, ctx);
    }

    /**
     * Evaluates one gate, whatever its trigger, as a turn of its own. The result is already lane-enforced (a
     * quality result continues and carries no rewrite) and its rewrite holds only allowlisted keys.
     *
     * @param gate the gate
     * @param ctx the ctx
     * @return the gate result
     */
    default GateResult checkGate(Gate gate, GateContext ctx) {
        return openTurn().checkGate(gate, ctx);
    }

    /**
     * One turn's view of the runner, carrying its evaluation budget. Thread-safe; meant to be discarded at the
     * end of the turn.
     */
    interface Session {
        /**
         * As {@link GateRunner#checkGates}, charged to this turn.
         *
         * @param gates the gates the plan carries (system gates of the host are not part of a plan)
         * @param trigger the trigger
         * @param ctx the ctx
         * @return the gate evaluation
         */
        GateEvaluation checkGates(List<Gate> gates, GateTrigger trigger, GateContext ctx);

        /**
         * As {@link GateRunner#checkGate}, charged to this turn.
         *
         * @param gate the gate
         * @param ctx the ctx
         * @return the gate result
         */
        GateResult checkGate(Gate gate, GateContext ctx);

        /**
         * Gate evaluations this turn has made (attempts over the cap are not counted).
         *
         * @return the int
         */
        int evaluationsUsed();

        /**
         * Evaluations left before gates start blocking.
         *
         * @return the int
         */
        int evaluationsRemaining();
    }
}
