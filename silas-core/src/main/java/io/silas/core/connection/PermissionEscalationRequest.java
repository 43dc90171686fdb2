package io.silas.core.connection;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.WorkItem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@code PermissionEscalationCard} shows (docs/contracts.md#cards, #connections): a connection asks for service
 * scopes beyond its {@code permissions_granted}.
 *
 * <p><b>Risk rule.</b> A service scope names a <em>resource</em> and an <em>access</em>: the resource is the text
 * before the first {@code .} (case-insensitive; a scope without a dot is its own resource), e.g. {@code mail} in
 * {@code mail.read} / {@code Mail.Send}. The request is {@link Risk#MEDIUM} when every requested scope's resource is
 * already among the resources of the current scopes (read→write of the same resource), and {@link Risk#HIGH} as
 * soon as one requested scope touches a new resource type. The Silas tier of a scope ({@link #tierOf}) follows its
 * access: {@code read}/{@code list}/{@code get}/{@code search} → {@code observe}, {@code draft} → {@code draft},
 * {@code manage}/{@code admin}/{@code settings} → {@code manage}, anything else (send, write, delete, readwrite…)
 * → {@code act}.
 *
 * <p>Security guarantees: {@link #approvalWorkItem()} is derived deterministically from every field, so a
 * {@code connection_manage} (Approve) or single-use {@code connection_act} (Just this once) token issued for it
 * binds exactly this request; holds scope names only, never a credential.
 *
 * @param connectionId the connection
 * @param connectionName its display name
 * @param currentPermissions service scopes granted now
 * @param requestedPermissions the additional scopes asked for (none already granted)
 * @param reason why they are needed (shown to the user)
 * @param riskLevel {@code medium} or {@code high}, per the rule above
 */
public record PermissionEscalationRequest(String connectionId, String connectionName, List<String> currentPermissions,
                                          List<String> requestedPermissions, String reason, Risk riskLevel) {
    /** Risk of an escalation card. */
    public enum Risk {
        /** Read→write on a resource already connected. */
        MEDIUM,
        /** A resource type the connection cannot reach yet. */
        HIGH
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param connectionId         the connection
     * @param connectionName       its display name
     * @param currentPermissions   service scopes granted now
     * @param requestedPermissions the additional scopes asked for (none already granted)
     * @param reason               why they are needed (shown to the user)
     * @param riskLevel            {
     */
    public PermissionEscalationRequest {
        nonBlank(connectionId, "connection_id");
        nonBlank(connectionName, "connection_name");
        currentPermissions = list(currentPermissions, "current_permissions");
        requestedPermissions = list(requestedPermissions, "requested_permissions");
        if (requestedPermissions.isEmpty()) {
            throw SilasException.invalid("requested_permissions", "must not be empty");
        }
        nonBlank(reason, "reason");
        nonNull(riskLevel, "risk_level");
        if (riskLevel != riskOf(currentPermissions, requestedPermissions)) {
            throw SilasException.invalid("risk_level", "does not match the risk rule");
        }
    }

    /**
     * The request to escalate {@code connection} to {@code requested} scopes.
     *
     * @param connection the connection
     * @param requested the requested
     * @param reason why, in a short phrase
     * @return the permission escalation request
     * @throws SilasException {@code INVALID_INPUT} when nothing new is requested, or a scope is not in the
     *     connection's {@code permissions_available}
     */
    public static PermissionEscalationRequest of(Connection connection, List<String> requested, String reason) {
        nonNull(connection, "connection");
        List<String> asked = list(requested, "requested_permissions");
        Set<String> fresh = new LinkedHashSet<>();
        for (String scope : asked) {
            nonBlank(scope, "requested_permissions");
            if (!connection.permissionsAvailable().contains(scope)) {
                throw SilasException.invalid("requested_permissions", "contains a scope the skill does not offer");
            }
            if (!connection.permissionsGranted().contains(scope)) {
                fresh.add(scope);
            }
        }
        if (fresh.isEmpty()) {
            throw SilasException.invalid("requested_permissions", "are already granted");
        }
        List<String> freshList = List.copyOf(fresh);
        return new PermissionEscalationRequest(connection.connectionId(), connection.name(),
                connection.permissionsGranted(), freshList, reason, riskOf(connection.permissionsGranted(), freshList));
    }

    /**
     * {@return the risk rule (class comment)}
     *
     * @param current the current
     * @param requested the requested
     */
    public static Risk riskOf(List<String> current, List<String> requested) {
        Set<String> known = new LinkedHashSet<>();
        current.forEach(s -> known.add(resourceOf(s)));
        return requested.stream().allMatch(s -> known.contains(resourceOf(s))) ? Risk.MEDIUM : Risk.HIGH;
    }

    /**
     * {@return the resource of a scope: the lower-cased text before the first {@code .}}
     *
     * @param scope the scope the token will carry
     */
    public static String resourceOf(String scope) {
        nonBlank(scope, "scope");
        int dot = scope.indexOf('.');
        return (dot < 0 ? scope : scope.substring(0, dot)).toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the Silas tier of a scope (class comment)}
     *
     * @param scope the scope the token will carry
     */
    public static ConnectionPermission tierOf(String scope) {
        nonBlank(scope, "scope");
        int dot = scope.indexOf('.');
        String access = dot < 0 ? "" : scope.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (access) {
            case "read", "list", "get", "search" -> ConnectionPermission.OBSERVE;
            case "draft" -> ConnectionPermission.DRAFT;
            case "manage", "admin", "settings" -> ConnectionPermission.MANAGE;
            default -> ConnectionPermission.ACT;
        };
    }

    /** The tiers of {@code existing} plus those of {@code scopes}, in enum order. */
    static List<ConnectionPermission> tiers(List<ConnectionPermission> existing, List<String> scopes) {
        Set<ConnectionPermission> all = new TreeSet<>(existing);
        scopes.forEach(s -> all.add(tierOf(s)));
        return new ArrayList<>(all);
    }

    /**
     * {@return the work item an approval of this request binds: id {@code escalate-<connection_id>}, a task whose body is
     * the canonical JSON of this request}
     */
    public WorkItem approvalWorkItem() {
        ObjectNode body = (ObjectNode) Json.tree(this);
        return WorkItem.builder("escalate-" + connectionId, WorkItemType.TASK,
                "Grant " + String.join(", ", requestedPermissions) + " to " + connectionName)
                .body(CanonicalJson.string(body)).build();
    }
}
