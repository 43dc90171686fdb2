package io.silas.core.stream;

import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.context.TokenBudget;
import io.silas.core.persona.PersonalityEngine;
import io.silas.core.vocabulary.InteractionMode;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The agents of a turn and how they are called: only {@link TurnProcessor} uses them.
 *
 * @param proxy        routes every message
 * @param planner      answers a planner route; null: the planner fallback ({@code no_planner})
 * @param calls        bounded, retried agent calls on the agent pool
 * @param budget       the context budget and its profiles
 * @param modeDefaults the default interaction mode per register
 * @param profileNames the context profiles the proxy may switch to
 * @param personality  style directives and initiative; null: neutral style
 */
record TurnAgents(ProxyAgent proxy, @Nullable PlannerAgent planner, AgentCalls calls, TokenBudget budget,
                  Map<InteractionRegister, InteractionMode> modeDefaults, Set<String> profileNames,
                  @Nullable PersonalityEngine personality) {
}
