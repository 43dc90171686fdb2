package io.silas.core.stream;

import io.silas.core.gate.CustomerContexts;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateRunner;
import io.silas.core.tool.Toolset;
import io.silas.core.work.EscalationPolicy;
import io.silas.core.work.WorkItem;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What decides what a turn may do: the gates (system gates parsed once by {@link StreamBuilder}, then the active
 * goal's), how a block escalates, and the tools each access level gets.
 *
 * @param gates            evaluates gates in a per-turn session
 * @param escalation       resolves a block's escalation
 * @param systemGates      {@code gates.system}, parsed once (the work executor gets the same list)
 * @param activeGoal       the active goal (its gates, access levels, schedule), or null
 * @param toolset          the host's tools, or null for none
 * @param ownerTools       the names of all host tools (the owner's set)
 * @param customerContexts the customer contexts an identified customer's level reads
 */
record TurnRules(GateRunner gates, EscalationPolicy escalation, List<Gate> systemGates, @Nullable WorkItem activeGoal,
                 @Nullable Toolset toolset, List<String> ownerTools, CustomerContexts customerContexts) {

    /** The turn's frozen gate set: system gates first, then the active goal's gates. */
    List<Gate> frozenGates() {
        if (activeGoal == null || activeGoal.gates().isEmpty()) {
            return systemGates;
        }
        List<Gate> all = new ArrayList<>(systemGates);
        all.addAll(activeGoal.gates());
        return List.copyOf(all);
    }
}
