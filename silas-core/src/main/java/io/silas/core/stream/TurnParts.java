package io.silas.core.stream;

import org.jspecify.annotations.Nullable;

/**
 * The slices {@link StreamBuilder} assembles once and hands to the {@link Stream} and each scope's
 * {@link TurnProcessor}; every other class takes only the slices it uses.
 *
 * @param basics    configuration, audit, clock, ids, channel, operational state
 * @param stores    chronicle, memory, work items, inbox
 * @param agents    proxy, planner, agent calls, budget, modes, personality
 * @param rules     gates, escalation, active goal, tools per access level
 * @param desk      the owner's cards and the executor that handles their answers
 * @param work      how approved work runs; null: plans are unavailable
 * @param artifacts the work executor's artifacts for rehydrated subscriptions ({@link ArtifactReader#none()})
 */
record TurnParts(Basics basics, TurnStores stores, TurnAgents agents, TurnRules rules, OwnerDesk desk,
                 @Nullable PlanWork work, ArtifactReader artifacts) {
}
