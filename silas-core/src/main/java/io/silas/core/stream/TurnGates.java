package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.channel.CardAudit;
import io.silas.core.channel.CardOrigin;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.GateApprovalCard;
import io.silas.core.error.Correlation;
import io.silas.core.gate.EscalationStep;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.ResolvedEscalation;
import io.silas.core.observe.ObservationKeys;
import io.silas.core.observe.Operation;
import io.silas.core.observe.OperationScope;
import io.silas.core.observe.SilasMeter;
import io.silas.core.vocabulary.GateAction;
import io.silas.core.vocabulary.RiskLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One turn's gate checks (docs/contracts.md#stream-and-turns steps 1 and 11): every check runs through the turn's
 * {@link GateRunner.Session} over the gate set frozen at the start of the turn. A policy block resolves the blocking
 * gate's {@code on_block} through the {@code EscalationPolicy}. A {@code require_approval} result holds the lane's
 * content for the owner: {@link #awaitOwner} sends a gate-approval card to the owner's connection (never to the sender)
 * showing the scope, connection, sender and trust, and returns at once; the turn ends with a "waiting for the owner"
 * reply, and the held content continues only when the owner approves ({@link OwnerCards}). No card prompter, a full
 * waiting-card bound or anything but an owner-authenticated "allow" is a block.
 *
 * <p>Not thread-safe; lives for one turn on the scope's worker.
 *
 * <p><b>Security guarantees:</b> waiting for an approval never holds the turn's thread; the sender of the message
 * is never asked; an owner approval releases exactly the text it was asked for, once.
 */
final class TurnGates {
    /** Audit event of a turn stopped by a policy gate. */
    static final String EVENT_TURN_BLOCKED = "turn_blocked";
    /** Audit event of a gate-approval card's answer. */
    static final String EVENT_GATE_APPROVAL = "gate_approval_answered";
    /** Audit event of a gate-approval card sent to the owner; the turn returned. */
    static final String EVENT_GATE_APPROVAL_REQUESTED = "gate_approval_requested";
    /** Audit event of an approval card not sent because the scope's waiting-card bound was reached. */
    static final String EVENT_OWNER_CARD_REFUSED = "owner_card_refused";
    /** The lane whose held message is checked again when it runs (the owner's approval is left as a grant). */
    static final String INPUT_LANE = "input";
    /** What the sender is told while its message or reply waits for the owner. */
    static final String WAITING_REPLY = "This is waiting for the owner's approval.";

    /**
     * The result of one lane's check.
     *
     * @param blocked          whether the turn must stop (block, approval refused, or waiting for the owner)
     * @param reply            the escalation's configured reply (or the waiting reply), or null when nothing is sent
     * @param merged           the context after accepted policy rewrites (the input when blocked)
     * @param approvalRequired whether a gate required human approval
     * @param step             the resolved escalation step of a block, else null
     * @param policy           the policy-lane results of the check (access updates read the passed ones)
     * @param held             gates that require an owner approval not yet given for this content (not blocked yet:
     *                         pass the outcome to {@link #awaitOwner})
     */
    record Outcome(boolean blocked, @Nullable String reply, GateContext merged, boolean approvalRequired,
                   @Nullable EscalationStep step, List<GateResult> policy, List<GateResult> held) {
        /** The rephrase step of a block whose escalation is {@code suppress_and_rephrase}, else null. */
        EscalationStep.@Nullable SuppressAndRephrase rephrase() {
            return blocked && step instanceof EscalationStep.SuppressAndRephrase r ? r : null;
        }
    }

    private final Basics deps;
    private final TurnRules rules;
    private final OwnerDesk desk;
    private final GateRunner.Session session;
    private final List<Gate> gates;
    private final String scopeId;
    private final int turn;
    private final String connectionId;

    TurnGates(Basics deps, TurnRules rules, OwnerDesk desk, String scopeId, int turn, String connectionId) {
        this.deps = deps;
        this.rules = rules;
        this.desk = desk;
        this.session = rules.gates().openTurn(deps.config().limits().maxGateEvalsPerTurn());
        this.gates = rules.frozenGates();
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

    /**
     * Checks one lane. {@code text} is the lane's content as the owner would see it: an owner's earlier approval of
     * exactly this text for a gate ({@link OwnerCards#grant}) is consumed instead of asking again.
     */
    Outcome check(GateTrigger trigger, GateContext context, String lane, String text) {
        try (OperationScope op = deps.ops().observer().start(Operation.GATE_CHECK)) {
            op.tag(ObservationKeys.LANE, lane);
            try {
                Outcome outcome = evaluate(trigger, context, lane, text);
                String gate = outcome.blocked() ? blockingGate(outcome) : "none";
                op.tag(ObservationKeys.GATE, gate).tag(ObservationKeys.OUTCOME, outcome.blocked() ? "blocked"
                        : outcome.held().isEmpty() ? "passed" : "held");
                if (outcome.blocked()) {
                    deps.ops().observer().count(SilasMeter.GATE_BLOCKS, gate);
                }
                return outcome;
            } catch (RuntimeException e) {
                op.error(e);
                throw e;
            }
        }
    }

    /** The configured name of the first policy gate that blocked, or {@code none}. */
    private static String blockingGate(Outcome outcome) {
        for (GateResult result : outcome.policy()) {
            if (result.action() == GateAction.BLOCK) {
                return result.gateName();
            }
        }
        return "none";
    }

    private Outcome evaluate(GateTrigger trigger, GateContext context, String lane, String text) {
        GateEvaluation eval = session.checkGates(gates, trigger, context);
        Optional<GateResult> block = eval.firstBlock();
        if (block.isPresent()) {
            return blocked(block.get(), lane, context, eval.policy());
        }
        boolean approval = false;
        List<GateResult> held = new ArrayList<>();
        for (GateResult required : eval.approvalsRequired()) {
            approval = true;
            if (desk.cards().consumeGrant(scopeId, required.gateName(), text)) {
                audit(EVENT_GATE_APPROVAL, required.gateName(), AuditData.create().put("approved", true).put("source", "owner_grant"));
            } else {
                held.add(required);
            }
        }
        return new Outcome(false, null, eval.merged(), approval, null, eval.policy(), List.copyOf(held));
    }

    /**
     * Sends the owner one gate-approval card per held gate and returns without waiting: a "waiting" outcome
     * ({@link #WAITING_REPLY}), or a block when no card can be sent (no prompter, waiting-card bound reached). When
     * every card is approved by the owner, {@code onApproved} runs on the background executor (for the
     * {@value #INPUT_LANE} lane after each gate was granted for exactly {@code text}, so the re-queued message passes
     * it once); otherwise {@code onDeclined} runs there.
     */
    Outcome awaitOwner(Outcome held, String lane, String text, TurnContext origin, Runnable onApproved,
                       Runnable onDeclined) {
        GateResult first = held.held().get(0);
        CardPrompter prompter = desk.prompter();
        if (prompter == null) {
            audit(EVENT_GATE_APPROVAL, first.gateName(), AuditData.create().put("approved", false)
                    .put("source", "no_card_prompter"));
            return blocked(first, lane, held.merged(), held.policy());
        }
        boolean ownerTurn = origin.trust().isOwner();
        if (!desk.cards().reserve(scopeId, ownerTurn)) {
            audit(EVENT_OWNER_CARD_REFUSED, first.gateName(), AuditData.create().put("lane", lane));
            return blocked(first, lane, held.merged(), held.policy());
        }
        CardOrigin shown = new CardOrigin(scopeId, origin.connectionId(), origin.message().senderId(),
                origin.trust().taint().name().toLowerCase(Locale.ROOT));
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (GateResult result : held.held()) {
            String value = result.value() == null ? null : result.value().asText();
            GateApprovalCard card = GateApprovalCard.of(deps.ids().next(), result.gateName(), value,
                    "Continue although gate '" + result.gateName() + "' asks for approval", RiskLevel.MEDIUM,
                    result.reason().isBlank() ? "A policy gate requires your approval." : result.reason())
                    .withOrigin(shown);
            audit(EVENT_GATE_APPROVAL_REQUESTED, result.gateName(), AuditData.create().put("lane", lane)
                    .put("card_id", card.cardId()).connection(origin.connectionId()));
            answers.add(prompter.prompt(desk.owner().primary(), card).thenApply(answer -> {
                boolean approved = GateApprovalCard.approved(answer);
                audit(EVENT_GATE_APPROVAL, result.gateName(), AuditData.create().put("approved", approved)
                        .putAll(CardAudit.fields(answer)));
                return approved;
            }));
        }
        deps.ops().track(CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).handleAsync(
                Correlation.propagate((v, e) -> {
            desk.cards().release(scopeId, ownerTurn);
            boolean all = e == null && answers.stream().allMatch(CompletableFuture::join);
            if (all) {
                if (INPUT_LANE.equals(lane)) {
                    held.held().forEach(r -> desk.cards().grant(scopeId, r.gateName(), text));
                }
                onApproved.run();
            } else {
                onDeclined.run();
            }
            return null;
        }), desk.background()));
        return new Outcome(true, WAITING_REPLY, held.merged(), true, null, held.policy(), held.held());
    }

    private Outcome blocked(GateResult result, String lane, GateContext context, List<GateResult> policy) {
        Gate gate = gates.stream().filter(g -> g.name().equals(result.gateName())).findFirst().orElse(null);
        ResolvedEscalation escalation = gate != null ? rules.escalation().resolveBlock(gate, rules.activeGoal())
                : rules.escalation().resolve(Gate.DEFAULT_ON_BLOCK, rules.activeGoal());
        audit(EVENT_TURN_BLOCKED, result.gateName(), AuditData.create().put("lane", lane)
                .put("escalation", escalation.name())
                .put("escalation_source", escalation.source().name().toLowerCase(Locale.ROOT)));
        OwnerReports.notifyOwner(deps, desk.owner(), escalation.step(), scopeId, turn, connectionId, result.gateName(), lane);
        return new Outcome(true, Escalations.replyText(escalation.step()), context, false, escalation.step(), policy,
                List.of());
    }

    private void audit(String event, String gate, AuditData extra) {
        AuditData data = AuditData.scope(scopeId);
        data.turn(turn);
        data.put("gate", gate);
        data.putAll(extra);
        deps.audit().append(event, data);
    }
}
