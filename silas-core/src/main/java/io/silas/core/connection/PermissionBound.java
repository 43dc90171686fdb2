package io.silas.core.connection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The most a connection setup or re-authorisation may store: current ∪ (requested ∩ the skill's available
 * permissions). The requested permissions are those the flow's {@code start} message asked the service for (initial
 * permissions and incremental scopes) — what the owner's card showed and the token bound.
 *
 * <p><b>Security guarantees:</b> the script's report is data, never authority: anything outside the bound is
 * returned as excess, so the caller fails the flow instead of storing it. Stateless.
 */
final class PermissionBound {
    private PermissionBound() {
    }

    /** The reported permissions outside the bound, in reported order; empty when the report is within it. */
    static List<String> excess(List<String> reported, List<String> current, ScriptMessage.Start start,
                               List<String> available) {
        Set<String> offered = new HashSet<>(available);
        Set<String> allowed = new HashSet<>(current);
        for (String requested : concat(start.initialPermissions(), start.incrementalScopes())) {
            if (offered.contains(requested)) {
                allowed.add(requested);
            }
        }
        List<String> excess = new ArrayList<>();
        for (String permission : reported) {
            if (!allowed.contains(permission) && !excess.contains(permission)) {
                excess.add(permission);
            }
        }
        return List.copyOf(excess);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
