package io.silas.core.stream;

import io.silas.core.channel.CardAnswer;
import io.silas.core.channel.CardAudit;
import io.silas.core.channel.GateApprovalCard;
import io.silas.core.gate.EscalationStep;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.ResolvedEscalation;
import io.silas.core.proactivity.RiskLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One turn's gate checks (spec §5.1 steps 1 and 11): every check runs through the turn's {@link GateRunner.Session}
 * over the gate set frozen at the start of the turn. A policy block resolves the blocking gate's {@code on_block}
 * through the {@code EscalationPolicy}; a {@code require_approval} result asks the connection on a gate-approval
 * card, and anything but an explicit "allow" (timeout, decline, no card prompter) is treated as a block.
 *
 * <p>Not thread-safe; lives for one turn on the scope's worker.
 */
final class TurnGates {
    /** Audit event of a turn stopped by a policy gate. */
    static final String EVENT_TURN_BLOCKED = "turn_blocked";
    /** Audit event of a gate-approval card's answer. */
    static final String EVENT_GATE_APPROVAL = "gate_approval_answered";

    /**
     * The result of one lane's check.
     *
     * @param blocked          whether the turn must stop (block, or approval not given)
     * @param reply            the escalation's configured reply, or null when the step sends nothing
     * @param merged           the context after accepted policy rewrites (the input when blocked)
     * @param approvalRequired whether a gate required (and got) human approval
     * @param step             the resolved escalation step of a block, else null
     * @param policy           the policy-lane results of the check (access updates read the passed ones)
     */
    record Outcome(boolean blocked, @Nullable String reply, GateContext merged, boolean approvalRequired,
                   @Nullable EscalationStep step, List<GateResult> policy) {
        /** The rephrase step of a block whose escalation is {@code suppress_and_rephrase}, else null. */
        EscalationStep.@Nullable SuppressAndRephrase rephrase() {
            return blocked && step instanceof EscalationStep.SuppressAndRephrase r ? r : null;
        }
    }

    private final TurnDeps deps;
    private final GateRunner.Session session;
    private final List<Gate> gates;
    private final String scopeId;
    private final int turn;
    private final String connectionId;

    TurnGates(TurnDeps deps, String scopeId, int turn, String connectionId) {
        this.deps = deps;
        this.session = deps.gates().openTurn(deps.config().limits().maxGateEvalsPerTurn());
        this.gates = deps.frozenGates();
        this.scopeId = scopeId;
        this.turn = turn;
        this.connectionId = connectionId;
    }

    /** The gate set of this turn. */
    List<Gate> gates() {
        return gates;
    }

    /** The turn's gate session (tool-call checks of memory ops are charged to it too). */
    GateRunner.Session session() {
        return session;
    }

    Outcome check(GateTrigger trigger, GateContext context, String lane) {
        GateEvaluation eval = session.checkGates(gates, trigger, context);
        Optional<GateResult> block = eval.firstBlock();
        if (block.isPresent()) {
            return blocked(block.get(), lane, context, eval.policy());
        }
        boolean approval = false;
        for (GateResult required : eval.approvalsRequired()) {
            approval = true;
            if (!askApproval(required)) {
                return blocked(required, lane, context, eval.policy());
            }
        }
        return new Outcome(false, null, eval.merged(), approval, null, eval.policy());
    }

    private boolean askApproval(GateResult result) {
        if (deps.cards() == null) {
            audit(EVENT_GATE_APPROVAL, result.gateName(), Map.of("approved", false, "source", "no_card_prompter"));
            return false;
        }
        String value = result.value() == null ? null : result.value().asText();
        GateApprovalCard card = GateApprovalCard.of(deps.ids().next(), result.gateName(), value,
                "Continue although gate '" + result.gateName() + "' asks for approval", RiskLevel.MEDIUM,
                result.reason().isBlank() ? "A policy gate requires your approval." : result.reason());
        CardAnswer answer = deps.cards().prompt(connectionId, card).join();
        boolean approved = GateApprovalCard.approved(answer);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("approved", approved);
        fields.putAll(CardAudit.fields(answer));
        audit(EVENT_GATE_APPROVAL, result.gateName(), fields);
        return approved;
    }

    private Outcome blocked(GateResult result, String lane, GateContext context, List<GateResult> policy) {
        Gate gate = gates.stream().filter(g -> g.name().equals(result.gateName())).findFirst().orElse(null);
        ResolvedEscalation escalation = gate != null ? deps.escalation().resolveBlock(gate, deps.activeGoal())
                : deps.escalation().resolve(Gate.DEFAULT_ON_BLOCK, deps.activeGoal());
        audit(EVENT_TURN_BLOCKED, result.gateName(), Map.of("lane", lane, "escalation", escalation.name(),
                "escalation_source", escalation.source().name().toLowerCase(java.util.Locale.ROOT)));
        OwnerReports.notifyOwner(deps, escalation.step(), scopeId, turn, connectionId, result.gateName(), lane);
        return new Outcome(true, Escalations.replyText(escalation.step()), context, false, escalation.step(), policy);
    }

    private void audit(String event, String gate, Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scope_id", scopeId);
        data.put("turn", turn);
        data.put("gate", gate);
        data.putAll(extra);
        deps.audit().append(event, data);
    }
}
