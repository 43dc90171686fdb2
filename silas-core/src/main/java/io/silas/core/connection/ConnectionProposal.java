package io.silas.core.connection;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.Checks;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.WorkItem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A connection whose setup completed and whose probe passed, awaiting the owner's {@code connection_manage}
 * approval (status {@code proposed}: nothing is in the registry yet). {@link ConnectionManager#activateConnection}
 * turns it into an {@code active} {@link Connection}.
 *
 * <p>Security guarantees: holds refs only ({@code credential_refs} maps {@code CREDENTIAL_REF_*} names to
 * secret-store refs), never secret values. {@link #activationWorkItem()} is derived deterministically from every
 * field, so an approval of it binds exactly this proposal (plan hash).
 *
 * @param connectionId id the connection will get
 * @param skillName the connection skill
 * @param scopeId the scope that ran the setup
 * @param domain domain tag of the connection
 * @param authStrategy the skill's strategy
 * @param permissionsGranted service scopes granted at setup (the future {@code initial_permissions})
 * @param permissionsAvailable service scopes the skill could request later
 * @param tokenExpiresAt access-token expiry reported at completion, if any
 * @param credentialRefs {@code CREDENTIAL_REF_*} names to secret-store refs collected during setup
 * @param summary the completion summary shown to the user
 */
public record ConnectionProposal(String connectionId, String skillName, String scopeId, String domain,
                                 AuthStrategy authStrategy, List<String> permissionsGranted,
                                 List<String> permissionsAvailable, @Nullable Instant tokenExpiresAt,
                                 Map<String, String> credentialRefs, String summary) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param connectionId         id the connection will get
     * @param skillName            the connection skill
     * @param scopeId              the scope that ran the setup
     * @param domain               domain tag of the connection
     * @param authStrategy         the skill's strategy
     * @param permissionsGranted   service scopes granted at setup (the future {
     * @param permissionsAvailable service scopes the skill could request later
     * @param tokenExpiresAt       access-token expiry reported at completion, if any
     * @param credentialRefs       {
     * @param summary              the completion summary shown to the user /
public
     */
    public ConnectionProposal {
        nonBlank(connectionId, "connection_id");
        nonBlank(skillName, "skill_name");
        nonBlank(scopeId, "scope_id");
        nonBlank(domain, "domain");
        nonNull(authStrategy, "auth_strategy");
        permissionsGranted = list(permissionsGranted, "permissions_granted");
        permissionsAvailable = list(permissionsAvailable, "permissions_available");
        credentialRefs = Map.copyOf(nonNull(credentialRefs, "credential_refs"));
        nonBlank(summary, "summary");
    }

    /**
     * {@return the work item an owner approves (scope {@code connection_manage}) to activate this proposal: id = the
     * connection id, a task whose body is the canonical JSON of this proposal}
     */
    public WorkItem activationWorkItem() {
        ObjectNode body = (ObjectNode) Json.tree(this);
        return WorkItem.builder(connectionId, WorkItemType.TASK, "Activate connection " + skillName)
                .domain(domain).body(CanonicalJson.string(body)).build();
    }
}
