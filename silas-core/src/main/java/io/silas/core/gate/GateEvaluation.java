package io.silas.core.gate;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.GateAction;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link GateRunner#checkGates}: policy results in evaluation order, quality results, and the
 * context after every accepted policy mutation (docs/contracts.md#gates).
 *
 * <p>Callers enforce from {@link #policy()} only: {@link #blocked()} first (the {@link #firstBlock()} is the one
 * block that escalates; later blocks were evaluated for audit completeness), then {@link #requiresApproval()}.
 * Continue with {@link #merged()} (for example rewritten tool arguments or a redacted response). Quality
 * results are for logging and observability. Immutable and thread-safe.
 */
public record GateEvaluation(List<GateResult> policy, List<GateResult> quality, GateContext merged) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param policy  the policy-lane results of the check (access updates read the passed ones)
     * @param quality the quality
     * @param merged  the context after accepted policy rewrites (the input when blocked)
     */
    public GateEvaluation {
        if (policy == null || quality == null || merged == null) {
            throw SilasException.invalid("gate_evaluation", "policy, quality and merged are required");
        }
        policy = List.copyOf(policy);
        quality = List.copyOf(quality);
    }

    /**
     * No gate fired: the context passes unchanged.
     *
     * @param context the context window budget
     * @return the gate evaluation
     */
    public static GateEvaluation none(GateContext context) {
        return new GateEvaluation(List.of(), List.of(), context);
    }

    /** {@return whether any policy gate blocked} */
    public boolean blocked() {
        return firstBlock().isPresent();
    }

    /** {@return the first blocking policy result: the only one whose {@code on_block} escalation runs} */
    public Optional<GateResult> firstBlock() {
        for (GateResult r : policy) {
            if (r.action() == GateAction.BLOCK) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** {@return whether any policy gate requires human approval (check {@link #blocked()} first: a block wins)} */
    public boolean requiresApproval() {
        for (GateResult r : policy) {
            if (r.action() == GateAction.REQUIRE_APPROVAL) {
                return true;
            }
        }
        return false;
    }

    /** {@return the policy results that require human approval, in order} */
    public List<GateResult> approvalsRequired() {
        if (!requiresApproval()) {
            return List.of(); // every turn asks; most have no such result
        }
        return policy.stream().filter(r -> r.action() == GateAction.REQUIRE_APPROVAL).toList();
    }
}
