package io.silas.core.stream;

import io.silas.core.IdGenerator;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.CardApprovalPrompter;
import io.silas.core.channel.CardOrigin;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.config.SilasConfig;
import io.silas.core.context.ChronicleStore;
import io.silas.core.context.TokenBudget;
import io.silas.core.gate.CustomerContexts;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateRunner;
import io.silas.core.memory.MemoryStore;
import io.silas.core.persona.PersonalityEngine;
import io.silas.core.tool.Toolset;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.ApprovalPrompter;
import io.silas.core.work.EscalationPolicy;
import io.silas.core.work.ExecutionContext;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemExecutor;
import io.silas.core.work.WorkItemStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The collaborators every scope's {@link TurnProcessor} shares; assembled once by {@link StreamBuilder}.
 * {@code ownerCards} knows the owner's connections ({@link #owner()}), where approval-class cards and owner
 * notifications go (never the sender's connection), and bounds the cards waiting for the owner.
 */
record TurnDeps(SilasConfig config, AuditLog audit, ChronicleStore chronicle, MemoryStore memory,
                WorkItemStore workItems, ProxyAgent proxy, @Nullable PlannerAgent planner, GateRunner gates,
                MessageTrust trust, ChannelAdapter channel, EscalationPolicy escalation, List<Gate> systemGates,
                @Nullable WorkItem activeGoal, @Nullable ApprovalEngine approvals, @Nullable CardPrompter cards,
                @Nullable WorkItemExecutor workExecutor, ProgressRouter progress, Executor background, Clock clock,
                IdGenerator ids, TokenBudget budget, Map<InteractionRegister, InteractionMode> modeDefaults,
                Set<String> profileNames, Operations ops, InboxStore inbox, @Nullable Toolset toolset,
                List<String> ownerTools, CustomerContexts customerContexts, @Nullable PersonalityEngine personality,
                AgentCalls agentCalls, OwnerCards ownerCards, @Nullable ArtifactReader artifacts) {

    /** The turn's frozen gate set: system gates first, then the active goal's gates. */
    List<Gate> frozenGates() {
        if (activeGoal == null || activeGoal.gates().isEmpty()) {
            return systemGates;
        }
        List<Gate> all = new java.util.ArrayList<>(systemGates);
        all.addAll(activeGoal.gates());
        return List.copyOf(all);
    }

    /** The owner's connections: approval-class cards and owner notifications go to {@link OwnerChannel#primary()}. */
    OwnerChannel owner() {
        return ownerCards.owner();
    }

    /**
     * The context of one execution whose progress goes to {@code recipient} and whose mid-execution approvals are
     * asked of the owner on cards showing {@code origin} (declined when there is no card prompter).
     */
    ExecutionContext executionFor(String recipient, CardOrigin origin) {
        ApprovalPrompter prompter = cards == null ? ApprovalPrompter.declineAll()
                : CardApprovalPrompter.toOwner(cards, owner(), origin, ids);
        return new ExecutionContext(recipient, progress.to(recipient), prompter);
    }

    /** The slice the admission line and the drain use. */
    Basics basics() {
        return new Basics(config, audit, clock, channel, ops);
    }

    /** Whether approved plans can be approved and run. */
    boolean canRunPlans() {
        return approvals != null && cards != null && workExecutor != null;
    }
}
