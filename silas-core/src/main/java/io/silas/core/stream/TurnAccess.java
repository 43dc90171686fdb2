package io.silas.core.stream;

import io.silas.core.gate.AccessController;
import io.silas.core.gate.AccessLevel;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateTrigger;
import io.silas.core.gate.GateType;
import io.silas.core.tool.Toolset;
import io.silas.core.work.WorkItem;
import io.silas.core.vocabulary.GateAction;
import io.silas.core.vocabulary.TaintLevel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One scope's tool access inside its {@link TurnProcessor} (docs/contracts.md#stream-and-turns steps 6 and 14,
 * docs/contracts.md#access-levels): the scope's {@link AccessController} decides the allowed tool names, which filter
 * the host's toolset for the agent request; after the turn, every input gate of type {@code custom_check} on {@code
 * every_user_message} that passed is reported to the controller, which may raise the level (audited, with the customer
 * id when known: the sender id of an
 * {@code auth}-tainted message).
 *
 * <p>Authority follows the message's trust, never its connection or scope: an {@code owner}-tainted message (a valid
 * owner signature with a fresh nonce, decided by {@code MessageTrust} at admission) gets the owner tool set (every
 * tool of the host toolset) on any scope, for that turn only. Every other message gets its scope's level of the
 * active goal's {@code access_levels}; on the owner's scope ({@code scope_id == owner_id}, which every connection maps
 * to in {@code scope_mode: single_user}) that is the {@code public} level, never raised by gates.
 *
 * <p>Not thread-safe: used only on the scope's serial worker (the controller itself is synchronized).
 *
 * <p><b>Security guarantees:</b> the owner tool set needs an owner-tainted message — an unsigned or replayed message
 * on the owner's connection, or a customer merged into the owner's scope, gets the public level; levels move only on
 * gate results of the harness, never on model output; the agent sees and can execute only the allowed tools (the
 * filtered stage refuses everything else).
 */
final class TurnAccess {
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final @Nullable Toolset toolset;
    private final AccessController controller;

    TurnAccess(@Nullable Toolset toolset, AccessController controller) {
        this.toolset = toolset;
        this.controller = controller;
    }

    /** A fresh controller for the scope with the active goal's levels (the owner's scope: public level only). */
    static AccessController newController(Basics deps, TurnRules rules, String scopeId) {
        WorkItem goal = rules.activeGoal();
        Map<String, AccessLevel> levels = goal == null ? Map.of() : goal.accessLevels();
        if (scopeId.equals(deps.config().ownerId())) {
            return AccessController.forOwner(scopeId, levels, rules.ownerTools(), deps.clock(), deps.audit());
        }
        return AccessController.forScope(scopeId, levels, rules.ownerTools(), rules.customerContexts(), deps.clock(),
                deps.audit());
    }

    AccessController controller() {
        return controller;
    }

    /** The host toolset filtered to what a message of this taint may use, or null without a host toolset. */
    @Nullable Toolset toolsetFor(TaintLevel taint) {
        Toolset host = toolset;
        if (host == null) {
            return null;
        }
        Set<String> allowed = Set.copyOf(controller.allowedTools(taint));
        return host.filtered(allowed::contains);
    }

    /** Feeds the passed custom-check input gates to the controller (step 14). */
    void afterInputGates(TurnContext turn, List<Gate> gates, List<GateResult> inputPolicy) {
        if (controller.ownerScope() || inputPolicy.isEmpty()) {
            return;
        }
        Set<String> customChecks = new HashSet<>();
        for (Gate gate : gates) {
            if (gate.type() == GateType.CUSTOM_CHECK && gate.trigger() == GateTrigger.EVERY_USER_MESSAGE) {
                customChecks.add(gate.name());
            }
        }
        if (customChecks.isEmpty()) {
            return;
        }
        String sender = turn.message().senderId();
        if (turn.trust().taint() == TaintLevel.AUTH && sender != null && CUSTOMER_ID.matcher(sender).matches()) {
            controller.identifyCustomer(sender);
        }
        for (GateResult result : inputPolicy) {
            if (result.action() == GateAction.CONTINUE && customChecks.contains(result.gateName())) {
                controller.gatePassed(result.gateName());
            }
        }
    }
}
