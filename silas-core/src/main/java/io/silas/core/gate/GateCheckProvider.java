package io.silas.core.gate;

/**
 * Evaluates gates for one {@link Gate#provider() provider name} (docs/contracts.md#gates). Built-ins live in
 * {@code io.silas.gates.Gates}; hosts add their own by code ({@code Gates.runner().provider(p)}) or, opt-in,
 * through {@link java.util.ServiceLoader} (a public class with a public no-argument constructor listed in
 * {@code META-INF/services/io.silas.core.gate.GateCheckProvider}).
 *
 * <p>Contract: {@link #name()} is constant and matches {@code [a-z][a-z0-9_.-]{0,63}}; {@link #check} returns
 * a {@link GateResult} for the given gate — normally {@code GateResult.pass/block/requireApproval(gate, reason)}
 * refined with {@code withValue}, {@code withScore}, {@code withFlags} or {@code withModifiedContext}. It may
 * be called concurrently from several threads, so implementations must be thread-safe. It must not modify
 * anything outside itself; a context rewrite is only ever <em>proposed</em> in the result.
 *
 * <p><b>Security guarantees</b> (enforced by the gate runner, so a provider need not police itself and cannot
 * widen its power): the result's gate name and lane are overwritten with the gate's own; {@code modified_context}
 * keys outside {@link GateContext#ALLOWED_MUTATIONS} are dropped and audited; a policy-lane provider that
 * throws or returns null blocks (fail closed); a quality-lane provider that throws continues with flag
 * {@code llm_error} (fail open) and can never block, require approval or rewrite the context.
 */
public interface GateCheckProvider {
    /** {@return the provider name gates refer to in their {@code provider} field} */
    String name();

    /**
     * Evaluates one gate against the context.
     *
     * @param gate the gate
     * @param context the context window budget
     * @return the gate result
     */
    GateResult check(Gate gate, GateContext context);
}
