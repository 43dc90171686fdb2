package io.silas.core.stream;

import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionModes;
import io.silas.core.agent.PlanAction;
import io.silas.core.agent.PlanActionType;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.agent.StructuredCalls;
import io.silas.core.agent.StructuredOutcome;
import io.silas.core.audit.AuditData;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.StreamingChannel;
import io.silas.core.context.ContextItem;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextManager;
import io.silas.core.context.ContextZone;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.Correlation;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.gate.AccessController;
import io.silas.core.gate.EscalationStep;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateEvaluation;
import io.silas.core.gate.GateRunner;
import io.silas.core.gate.GateTrigger;
import io.silas.core.memory.MemoryItem;
import io.silas.core.observe.ObservationKeys;
import io.silas.core.observe.Operation;
import io.silas.core.observe.OperationScope;
import io.silas.core.persona.PersonalityEngine;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.core.work.PlanParser;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the turns of <b>one scope</b> (docs/contracts.md#stream-and-turns), in this order:
 *
 * <ol start="0">
 *   <li>freeze the gate set (system gates, then the active goal's) and open the turn's gate session;</li>
 *   <li>input gates ({@code every_user_message}): a block (or an approval not given) ends the turn with the
 *       resolved escalation's reply — the proxy is not called and nothing is chronicled; a {@code message}
 *       rewrite is what the rest of the turn sees;</li>
 *   <li>trust: the decision {@code MessageTrust} made at admission (signature + nonce, or a known identity),
 *       persisted with the message's inbox row ({@link DurableInbox});</li>
 *   <li>the message into the scope's context and chronicle, with 3.5 raw ingest (both persisted in one write
 *       with the inbox row's state, {@link InboxStore#recordMessage});</li>
 *   <li>keyword retrieval from this scope's memory into the memory zone; 5. budget enforcement;</li>
 *   <li value="6">the host toolset filtered by the scope's access level ({@link TurnAccess}; the owner
 *       tool set only for an owner-signed message) and
 *       7. the persona's style directives ({@link TurnPersona}) go into the agent request;</li>
 *   <li value="10">routing through {@link StructuredCalls} (one retry with the validation error, then
 *       {@link ProxyAgent#fallback}; the same when the proxy throws or does not answer within
 *       {@code turns.agent_timeout_seconds}, after the bounded retries of a transient failure, see
 *       {@link AgentCalls}), the profile switch, and the planner for a
 *       planner route (planner fallback, audited {@value #EVENT_PLANNER_FALLBACK}, when it fails, times out or answers
 *       invalidly twice); every call, the validation retry included, is charged to
 *       {@code limits.llm_calls_per_minute_per_scope};</li>
 *   <li>output gates ({@code every_agent_response}): a block replaces the response with the escalation reply
 *       ({@code suppress_and_rephrase}: the agent is asked again with the instruction appended, up to
 *       {@code max_retries} times, then the fallback's reply); a {@code response} rewrite is what is sent; the mode
 *       is resolved by {@link InteractionModes#resolve} only (audited {@value #EVENT_MODE_RESOLVED}) and, for a
 *       plan, saved on its work item (docs/contracts.md#stream-and-turns step 12);</li>
 *   <li>memory queries and 13. gated memory ops — only when the output was not blocked;</li>
 *   <li value="14">the reply into the chronicle and the raw memory lane in one atomic step with the removal of
 *       the inbox row (the turn's commit, {@link InboxStore#complete}), sent to the connection the message came from, then the plan
 *       approval flow for a proposed plan ({@link PlanFlow}; the turn does not wait for approval or
 *       execution); then passed custom-check input gates update the access level, the persona decays and takes
 *       the turn's event ({@code blocked}, {@code agent_failure}, {@code plan_proposed}) and the initiative it gave
 *       the mode resolution came from it; the turn counter advances per scope.</li>
 * </ol>
 *
 * <p>On creation the scope's context is rehydrated by {@link Rehydrator} and the turn counter continues from the
 * highest restored turn; after an idle release in this process ({@link ProcessorCache}) the counter continues from
 * the released processor's and no "session rehydrated" message is added.
 *
 * <p>Not thread-safe by design: the Stream runs one scope's turns one at a time on its serial worker.
 *
 * <p><b>Security guarantees:</b> everything a turn reads or writes — context, chronicle, memory, work items — is
 * keyed by this processor's scope; replies, cards and progress go only to the turn's connection. No reply text is
 * invented here: block replies come from the escalation policy, the proxy fallback text is fixed.
 */
final class TurnProcessor {
    /** Audit event of the per-turn mode resolution (register, mode, profile). */
    static final String EVENT_MODE_RESOLVED = "interaction_mode_resolved";
    /** Audit event of the proxy fallback. */
    static final String EVENT_PROXY_FALLBACK = "proxy_fallback";
    /** Audit event of the planner fallback. */
    static final String EVENT_PLANNER_FALLBACK = "planner_fallback";
    /** Fallback reason of an agent call that timed out or could not run ({@code ErrorCode.LLM_UNAVAILABLE}). */
    static final String REASON_LLM_UNAVAILABLE = "llm_unavailable";

    /** What the sender of a message held for the owner's approval is told when it is not approved. */
    static final String NOT_APPROVED_REPLY = "The owner did not approve your message; it was not processed.";

    private static final Logger LOG = LoggerFactory.getLogger(TurnProcessor.class);

    private final Basics deps;
    private final TurnStores stores;
    private final TurnAgents agents;
    private final TurnRules rules;
    private final OwnerDesk desk;
    private final String scopeId;
    private final ContextManager context;
    private final TurnMemory memory;
    private final InputLimits sizes;
    private final PlanFlow plans;
    private final PlanAdoption adoption;
    private final TurnAccess access;
    private final TurnPersona persona;
    private final AtomicInteger plansInFlight = new AtomicInteger();
    /** The {@code scope_kind} tag of this scope's turns: {@code owner} in single-user mode, else {@code connection}. */
    private final String scopeKind;
    private int turns;
    private boolean agentFailed;
    /** The reply stream of the turn in progress, or null (no turn, or the channel does not stream). */
    private @Nullable ReplyStream streaming;

    /**
     * A processor for the scope, its context restored from the stores.
     *
     * @param releasedTurns the turn counter of this scope's processor released earlier in this process (the context
     *                      is then restored without the "session rehydrated" message), or null on a first use
     * @param keptAccess    the access controller kept from that processor (a non-public level), or null
     */
    TurnProcessor(TurnParts parts, String scopeId, @Nullable Integer releasedTurns,
                  @Nullable AccessController keptAccess) {
        this.deps = parts.basics();
        this.stores = parts.stores();
        this.agents = parts.agents();
        this.rules = parts.rules();
        this.desk = parts.desk();
        this.scopeId = scopeId;
        this.scopeKind = deps.config().scopeMode() == SilasConfig.ScopeMode.SINGLE_USER ? "owner" : "connection";
        this.context = ContextManager.builder(scopeId).budget(agents.budget()).memory(stores.memory())
                .audit(deps.audit()).clock(deps.clock()).ids(deps.ids()).build();
        this.memory = new TurnMemory(deps, stores.memory(), context);
        this.sizes = new InputLimits(deps);
        this.plans = new PlanFlow(deps, stores.workItems(), desk, parts.work());
        this.adoption = new PlanAdoption(deps, stores.workItems());
        this.access = new TurnAccess(rules.toolset(),
                keptAccess != null ? keptAccess : TurnAccess.newController(deps, rules, scopeId));
        this.persona = new TurnPersona(agents.personality(), scopeId, deps.clock());
        int restored = new Rehydrator(deps, stores, rules.toolset(), parts.artifacts())
                .restore(scopeId, context, releasedTurns == null);
        this.turns = releasedTurns == null ? restored : Math.max(restored, releasedTurns);
    }

    /** Turns this scope has run (the counter the next turn continues from). */
    int turns() {
        return turns;
    }

    /** The scope's access controller. */
    AccessController access() {
        return access.controller();
    }

    /** Whether no plan approval or execution started by this processor is still in flight. */
    boolean idle() {
        return plansInFlight.get() == 0;
    }

    /**
     * Runs the turn of one admitted inbox row. A replayed row whose message was already chronicled keeps that turn
     * number and does not chronicle or ingest the message again.
     *
     * @param claimedTurn the number a shared inbox claimed for the row (turns are numbered across the cluster), or 0
     *                    to continue this processor's counter
     *
     * @throws SilasException whatever the turn threw, mapped onto the taxonomy ({@code INTERNAL} for an unexpected
     *     exception) with this scope and the turn's number as its turn id
     */
    @SuppressWarnings("try") // the correlation scope is only closed, never read
    TurnResult process(InboxEntry entry, int claimedTurn) {
        int turnNumber = entry.chronicledTurn() > 0 ? entry.chronicledTurn()
                : claimedTurn > 0 ? claimedTurn : turns + 1;
        String turnId = Integer.toString(turnNumber);
        try (Correlation.Scope ids = Correlation.open(scopeId, turnId, null);
             OperationScope op = deps.ops().observer().start(Operation.TURN)) {
            op.tag(ObservationKeys.SCOPE_KIND, scopeKind)
                    .tag(ObservationKeys.LANE, entry.trust().isOwner() ? "owner" : "sheddable")
                    .id(ObservationKeys.SCOPE_ID, scopeId).id(ObservationKeys.TURN_ID, turnId);
            try {
                TurnResult result = turn(entry, turnNumber);
                op.tag(ObservationKeys.OUTCOME, result.blocked() ? "blocked" : "replied");
                return result;
            } catch (RuntimeException e) {
                withdrawStreamedParts();
                SilasException failure = Stream.correlate(e, scopeId, turnNumber);
                op.error(failure);
                throw failure;
            }
        } finally {
            streaming = null;
        }
    }

    /** The turn numbered {@code turnNumber}; whatever it throws is mapped onto the taxonomy by the caller. */
    private TurnResult turn(InboxEntry entry, int turnNumber) {
        String connectionId = entry.connectionId();
        ChannelMessage message = entry.message();
        boolean chronicled = entry.chronicledTurn() > 0;
        turns = Math.max(turns, turnNumber);
        agentFailed = false;
        TurnGates gates = new TurnGates(deps, rules, desk, scopeId, turnNumber, connectionId);
        TurnContext turn = new TurnContext(connectionId, scopeId, turnNumber, message, entry.trust());
        TurnGates.Outcome input = gates.check(GateTrigger.EVERY_USER_MESSAGE,
                GateContext.forMessage(message.senderId(), message.text()), TurnGates.INPUT_LANE, message.text());
        if (!input.held().isEmpty()) {
            input = gates.awaitOwner(input, TurnGates.INPUT_LANE, message.text(), turn, () -> {
                desk.cards().resubmit(entry);
                stores.inbox().withdraw(entry);
            }, () -> {
                send(connectionId, NOT_APPROVED_REPLY);
                stores.inbox().withdraw(entry);
            });
        }
        if (input.blocked()) {
            if (!input.held().isEmpty() && stores.inbox() instanceof SharedInboxStore shared) {
                shared.park(entry); // waiting for the card: a survivor resolves it if this JVM dies
            } else {
                stores.inbox().complete(entry, null, null);
            }
            persona.afterTurn(PersonalityEngine.EVENT_BLOCKED, null);
            String reply = send(connectionId, input.reply());
            return new TurnResult(connectionId, scopeId, turnNumber, reply, null, null, null, true,
                    TurnResult.PlanStatus.NONE, null, TurnResult.noExecution());
        }
        String text = input.merged().message() == null ? message.text() : input.merged().message();

        if (!chronicled) {
            ContextItem said = remember(turn, text, "channel:" + message.channel());
            if (said != null) {
                stores.inbox().recordMessage(entry, said, memory.raw(turn, text, MemoryItem.CONVERSATION_RAW));
            }
        }
        memory.retrieve(turn, text, TurnMemory.RETRIEVAL_LIMIT);
        context.enforceBudget(turnNumber, null);

        TurnListener listener = listener(gates, turn);
        AgentRequest request = AgentRequest.forTurn(text.isBlank() ? "(empty message)" : text, turn.trust().taint(),
                context.window(turnNumber), turnNumber)
                .withTurnShaping(access.toolsetFor(turn.trust().taint()), persona.directives()).withListener(listener);
        RouteDecision decision = route(turn, request);
        if (!decision.contextProfile().equals(context.profile().name())) {
            context.setProfile(decision.contextProfile());
        }
        AgentResponse response = respond(turn, decision, request);
        listener.replyEnd();
        TurnGates.Outcome output = outputGates(gates, turn, response);
        int rephrased = 0;
        for (EscalationStep.SuppressAndRephrase rephrase = output.rephrase();
             rephrase != null && rephrased < rephrase.maxRetries(); rephrase = output.rephrase()) {
            rephrased++;
            AgentRequest again = request.withMessage(request.message() + "\n\n" + rephrase.instruction());
            decision = route(turn, again);
            response = respond(turn, decision, again);
            output = outputGates(gates, turn, response);
        }
        PlanAction action = proposal(response);
        WorkItem plan = action == null ? null : parse(turn, action);
        InteractionMode mode = resolveMode(turn, decision, action, plan,
                input.approvalRequired() || output.approvalRequired());

        String reply;
        TurnResult.PlanStatus planStatus = TurnResult.PlanStatus.NONE;
        if (output.blocked()) {
            reply = output.reply() == null ? "" : output.reply();
        } else {
            String merged = output.merged().response();
            reply = merged == null ? response.message() : merged;
            if (!sizes.fits(scopeId, turn.turnNumber(), "reply", reply, deps.config().limits().maxReplyBytes())) {
                reply = ErrorCode.INPUT_TOO_LARGE.userMessage();
            }
            memory.runQueries(turn, response.memoryQueries());
            memory.runOps(turn, gates, response.memoryOps());
            if (action != null && plan == null) {
                planStatus = TurnResult.PlanStatus.INVALID;
                reply = join(reply, "The proposed plan could not be read, so nothing will run.");
            } else if (plan != null && !plans.available()) {
                planStatus = TurnResult.PlanStatus.UNAVAILABLE;
                reply = join(reply, "Plans cannot be approved or run here, so nothing will run.");
            } else if (plan != null) {
                PlanFlow.Intake intake = plans.intake(turn, plan);
                if (intake != PlanFlow.Intake.ASK_OWNER) {
                    planStatus = TurnResult.PlanStatus.REFUSED;
                    reply = join(reply, intake == PlanFlow.Intake.REFUSED
                            ? "Only the owner can start work here, so nothing will run."
                            : "Too many requests are waiting for the owner's approval; nothing will run.");
                } else if (!turn.trust().isOwner()) {
                    reply = join(reply, "The proposal awaits the owner's approval.");
                }
            }
        }
        ContextItem replied = remember(turn, reply, "agent:" + decision.route().name().toLowerCase(Locale.ROOT));
        stores.inbox().complete(entry, replied, memory.raw(turn, reply, MemoryItem.AGENT_RESPONSE_RAW));
        ReplyStream stream = listener.stream();
        if (stream != null && stream.started()) {
            stream.end(reply);
        } else {
            send(connectionId, reply);
        }

        CompletionStage<@Nullable WorkItemResult> execution = TurnResult.noExecution();
        String workItemId = null;
        if (!output.blocked() && plan != null && planStatus != TurnResult.PlanStatus.REFUSED) {
            WorkItem item = plans.enforceApproval(turn, plan.withInteractionMode(mode)
                    .withCreatedAt(deps.clock().instant()), response);
            workItemId = item.id();
            if (planStatus == TurnResult.PlanStatus.NONE) {
                execution = track(plans.start(turn, item, response.message().isBlank()
                        ? "The planner proposed this plan." : response.message()));
                planStatus = TurnResult.PlanStatus.AWAITING_APPROVAL;
            } else {
                stores.workItems().save(item);
            }
        }
        access.afterInputGates(turn, gates.gates(), input.policy());
        persona.afterTurn(turnEvent(output.blocked(), planStatus), registerName(decision));
        return new TurnResult(connectionId, scopeId, turnNumber, reply, decision.route(),
                decision.interactionRegister(), mode, output.blocked(), planStatus, workItemId, execution);
    }

    /**
     * The output lane; a reply a gate holds for the owner is sent to the connection only after the owner approved
     * it (the turn replies that it waits).
     */
    private TurnGates.Outcome outputGates(TurnGates gates, TurnContext turn, AgentResponse response) {
        TurnGates.Outcome output = gates.check(GateTrigger.EVERY_AGENT_RESPONSE,
                GateContext.forResponse(turn.message().senderId(), response.message()), "output", response.message());
        if (output.held().isEmpty()) {
            return output;
        }
        String held = output.merged().response() == null ? response.message() : output.merged().response();
        return gates.awaitOwner(output, "output", response.message(), turn,
                () -> send(turn.connectionId(), held),
                () -> send(turn.connectionId(), "The owner did not approve the reply; it was not sent."));
    }

    /**
     * The turn's agent listener: token usage calibrates this scope's context budget; reply parts stream through a
     * {@link ReplyStream} when the channel is a {@link StreamingChannel}, each segment released only after the
     * output gates passed the reply up to it (checked in a gate session of its own, so the turn's evaluation budget
     * for the final check is untouched).
     */
    private TurnListener listener(TurnGates gates, TurnContext turn) {
        if (!(deps.channel() instanceof StreamingChannel streaming)) {
            return new TurnListener(context, null);
        }
        String sender = turn.message().senderId();
        GateRunner.Session[] preview = new GateRunner.Session[1];
        Predicate<String> passes = prefix -> {
            if (preview[0] == null) {
                preview[0] = rules.gates().openTurn(deps.config().limits().maxGateEvalsPerTurn());
            }
            GateEvaluation eval = preview[0].checkGates(gates.gates(), GateTrigger.EVERY_AGENT_RESPONSE,
                    GateContext.forResponse(sender, prefix));
            String merged = eval.merged().response();
            return !eval.blocked() && !eval.requiresApproval() && (merged == null || merged.equals(prefix));
        };
        this.streaming = new ReplyStream(streaming, turn.connectionId(), deps.ids().next(), passes,
                deps.config().limits().maxReplyBytes());
        return new TurnListener(context, this.streaming);
    }

    /** A turn that failed after parts of its reply were shown ends the stream with nothing (the parts withdrawn). */
    private void withdrawStreamedParts() {
        ReplyStream stream = streaming;
        if (stream == null || !stream.started()) {
            return;
        }
        try {
            stream.end("");
        } catch (SilasException e) {
            LOG.warn("Withdrawing a streamed reply in scope {} failed: {}", scopeId, e.code().id());
        }
    }

    private @Nullable String turnEvent(boolean blocked, TurnResult.PlanStatus planStatus) {
        if (blocked) {
            return PersonalityEngine.EVENT_BLOCKED;
        }
        if (agentFailed) {
            return PersonalityEngine.EVENT_AGENT_FAILURE;
        }
        return planStatus == TurnResult.PlanStatus.AWAITING_APPROVAL ? PersonalityEngine.EVENT_PLAN_PROPOSED : null;
    }

    private CompletionStage<@Nullable WorkItemResult> track(CompletionStage<@Nullable WorkItemResult> flow) {
        plansInFlight.incrementAndGet();
        flow.whenComplete((result, error) -> plansInFlight.decrementAndGet());
        return flow;
    }

    private static String registerName(RouteDecision decision) {
        return decision.interactionRegister().name().toLowerCase(Locale.ROOT);
    }

    private AgentResponse respond(TurnContext turn, RouteDecision decision, AgentRequest request) {
        return decision.route() == RouteDecision.Route.DIRECT ? decision.response() : plan(turn, request);
    }

    private RouteDecision route(TurnContext turn, AgentRequest request) {
        String reason;
        if (!deps.ops().limits().llmCall(scopeId, turn.turnNumber())) {
            reason = "rate_limited";
        } else {
            try {
                StructuredOutcome<RouteDecision> outcome = StructuredCalls.call(request,
                        charged("proxy", turn, r -> agents.calls().call("proxy", scopeId, turn.turnNumber(),
                                () -> agents.proxy().route(r))), this::unknownProfile,
                        AgentRequest::withValidationError);
                if (outcome.valid()) {
                    return outcome.value();
                }
                reason = "invalid_output";
            } catch (RuntimeException e) {
                LOG.warn("Proxy failed in scope {} turn {}: {}", scopeId, turn.turnNumber(),
                        e.getClass().getSimpleName());
                reason = failureReason(e);
            }
        }
        agentFailed = true;
        deps.audit().append(EVENT_PROXY_FALLBACK, AuditData.scope(scopeId).turn(turn.turnNumber()).reason(reason));
        return ProxyAgent.fallback(deps.config().context().defaultProfile());
    }

    private Optional<String> unknownProfile(RouteDecision decision) {
        return agents.profileNames().contains(decision.contextProfile()) ? Optional.empty()
                : Optional.of("context_profile '" + decision.contextProfile() + "' is not one of "
                        + agents.profileNames());
    }

    private AgentResponse plan(TurnContext turn, AgentRequest request) {
        if (agents.planner() == null) {
            return plannerFallback(turn, "no_planner");
        }
        if (!deps.ops().limits().llmCall(scopeId, turn.turnNumber())) {
            return plannerFallback(turn, "rate_limited");
        }
        try {
            PlannerAgent planner = agents.planner();
            StructuredOutcome<AgentResponse> outcome = StructuredCalls.call(request,
                    charged("planner", turn, r -> agents.calls().call("planner", scopeId, turn.turnNumber(),
                            () -> planner.plan(r))), r -> Optional.empty(), AgentRequest::withValidationError);
            return outcome.valid() ? outcome.value() : plannerFallback(turn, "invalid_output");
        } catch (RuntimeException e) {
            LOG.warn("Planner failed in scope {} turn {}: {}", scopeId, turn.turnNumber(),
                    e.getClass().getSimpleName());
            return plannerFallback(turn, failureReason(e));
        }
    }

    /**
     * {@code call} with every attempt after the first — the validation retry of {@link StructuredCalls} — charged to
     * the scope's LLM rate limit like the first one (which the caller charged).
     *
     * @throws SilasException {@code ADMISSION_RATE_LIMITED} (from the returned function) when the limit refuses a retry
     */
    private <A> Function<AgentRequest, A> charged(String agent, TurnContext turn, Function<AgentRequest, A> call) {
        AtomicInteger attempts = new AtomicInteger();
        return r -> {
            if (attempts.incrementAndGet() > 1 && !deps.ops().limits().llmCall(scopeId, turn.turnNumber())) {
                throw new SilasException(ErrorCode.ADMISSION_RATE_LIMITED,
                        agent + " validation retry refused by the LLM rate limit");
            }
            return call.apply(r);
        };
    }

    /**
     * The audited fallback reason: {@value #REASON_LLM_UNAVAILABLE} for a timeout, {@code rate_limited} for a retry
     * the LLM rate limit refused, else the error code id.
     */
    private static String failureReason(RuntimeException e) {
        if (e instanceof SilasException se) {
            if (se.code() == ErrorCode.ADMISSION_RATE_LIMITED) {
                return "rate_limited";
            }
            return se.code() == ErrorCode.LLM_UNAVAILABLE ? REASON_LLM_UNAVAILABLE : se.code().id();
        }
        return "agent_error";
    }

    private AgentResponse plannerFallback(TurnContext turn, String reason) {
        agentFailed = true;
        deps.audit().append(EVENT_PLANNER_FALLBACK, AuditData.scope(scopeId).turn(turn.turnNumber()).reason(reason));
        return StructuredCalls.plannerFallback();
    }

    private static @Nullable PlanAction proposal(AgentResponse response) {
        PlanAction action = response.planAction();
        return action != null && (action.action() == PlanActionType.PROPOSE || action.action() == PlanActionType.REVISE)
                ? action : null;
    }

    /**
     * The proposed plan adopted by the runtime ({@link PlanAdoption}: runtime id, this scope), or null when it is
     * over {@code limits.max_plan_bytes} (audited), does not parse, or names work outside this scope.
     */
    private @Nullable WorkItem parse(TurnContext turn, PlanAction action) {
        if (!sizes.fits(scopeId, turn.turnNumber(), "plan", action.planMarkdown(),
                deps.config().limits().maxPlanBytes())) {
            return null;
        }
        try {
            return adoption.adopt(PlanParser.parse(action.planMarkdown()), scopeId, turn.turnNumber());
        } catch (SilasException e) {
            LOG.info("Proposed plan in scope {} did not parse: {}", scopeId, e.code().id());
            return null;
        }
    }

    private InteractionMode resolveMode(TurnContext turn, RouteDecision decision, @Nullable PlanAction action,
                                        @Nullable WorkItem plan, boolean riskRequiresConfirmation) {
        double initiative = persona.initiative(registerName(decision));
        double highInitiativeMin = deps.config().interaction().highInitiativeMin();
        InteractionMode mode = InteractionModes.resolve(decision.interactionMode(),
                action == null ? null : action.interactionModeOverride(), plan == null ? null : plan.interactionMode(),
                riskRequiresConfirmation, initiative, decision.interactionRegister(), highInitiativeMin,
                agents.modeDefaults());
        AuditData data = AuditData.scope(scopeId);
        data.turn(turn.turnNumber());
        data.put("register", registerName(decision));
        data.put("mode", mode.name().toLowerCase(Locale.ROOT));
        data.put("profile", decision.contextProfile());
        data.put("high_initiative", initiative >= highInitiativeMin);
        deps.audit().append(EVENT_MODE_RESOLVED, data);
        return mode;
    }

    /** Adds a chronicle-zone item to the context; the caller persists it through the inbox. Null for no text. */
    private @Nullable ContextItem remember(TurnContext turn, String text, String source) {
        if (text.isEmpty()) {
            return null;
        }
        TaintLevel taint = turn.trust().taint();
        return context.add(ContextZone.CHRONICLE, ContextKind.MESSAGE, text, source, taint, turn.turnNumber());
    }

    private String send(String connectionId, @Nullable String reply) {
        if (reply == null || reply.isEmpty()) {
            return "";
        }
        Replies.send(deps.channel(), connectionId, reply);
        return reply;
    }

    private static String join(String reply, String note) {
        return reply.isBlank() ? note : reply + "\n\n" + note;
    }
}
