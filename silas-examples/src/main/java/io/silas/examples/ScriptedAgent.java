package io.silas.examples;

import io.silas.core.agent.AgentRequest;
import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.PlanAction;
import io.silas.core.agent.PlannerAgent;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.vocabulary.InteractionMode;
import java.util.List;
import java.util.Locale;

/**
 * The demo's deterministic stand-in for the LLM-backed proxy and planner: a few keyword rules, no model, so the
 * demo runs offline and its transcript is reproducible.
 *
 * <ul>
 *   <li>a message mentioning a <i>release note</i> is routed to the planner, which proposes {@link #PLAN} and
 *       (carelessly) says it needs no approval — the Stream overrides that and asks on a card anyway;</li>
 *   <li>a message asking for a <i>key</i>, <i>secret</i> or <i>password</i> gets a reply that leaks a private
 *       key, so the output gate has something to block;</li>
 *   <li>anything else is acknowledged by quoting back exactly what the agent received (after the input gates).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ScriptedAgent implements ProxyAgent, PlannerAgent {
    /** The context profile the agent asks for (one of the default profiles). */
    static final String PROFILE = "conversation";

    /** The plan the planner proposes: a direct shell work item whose success two external checks decide. */
    static final String PLAN = """
            ---
            id: release-note
            type: task
            title: Write today's release note
            executor: shell
            verify:
              - name: note_exists
                run: "true"
                expect:
                  file_exists: release-note.txt
              - name: note_mentions_release
                run: cat /artifacts/release-note.txt
                expect:
                  contains: Silas 0.1
            ---
            sh -c 'printf "Silas 0.1: signed approvals, sandboxed work, verified results\\n" > release-note.txt'
            """;

    /** What the agent answers when asked for a key: exactly what an output gate must stop. */
    static final String LEAK = "Sure, here it is: -----BEGIN PRIVATE KEY----- MC4CAQAwBQYDK2VwBCIEIJ...";

    @Override
    public RouteDecision route(AgentRequest request) {
        String text = request.message().toLowerCase(Locale.ROOT);
        if (text.contains("release note")) {
            return RouteDecision.planner("a task with side effects needs a plan", InteractionRegister.EXECUTION,
                    InteractionMode.ACT_AND_REPORT, PROFILE);
        }
        if (text.contains("key") || text.contains("secret") || text.contains("password")) {
            return direct(LEAK);
        }
        return direct("Noted. This is what reached me: \"" + request.message() + "\"");
    }

    @Override
    public AgentResponse plan(AgentRequest request) {
        return new AgentResponse("I will write the note in a sandbox; two checks decide whether it is done.",
                List.of(), List.of(), PlanAction.propose(PLAN), false);
    }

    private static RouteDecision direct(String reply) {
        return RouteDecision.direct(AgentResponse.reply(reply), "scripted rule", InteractionRegister.STATUS,
                InteractionMode.DEFAULT_AND_OFFER, PROFILE);
    }
}
