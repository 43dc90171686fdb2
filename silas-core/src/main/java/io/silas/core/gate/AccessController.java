package io.silas.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.GateAction;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tool access of one scope (docs/contracts.md#access-levels), decided from gate results only.
 *
 * <p><b>State:</b> the current level (initially {@value #PUBLIC}), the set of gates that have passed, the
 * time the current level was granted and, when known, the customer id.
 *
 * <p><b>Levels</b> are the goal's {@code access_levels} in their declared order, lowest first. After a gate
 * passes ({@link #gatePassed}), the controller moves to the highest declared level above the current one whose
 * {@code requires} gates have all passed, and audits {@code access_level_changed} with the scope id, the old
 * and new level, the reason ({@code gate_passed} + gate, {@code expired}, {@code reset}) and the customer id
 * when known. A level with {@code expires_after} drops back to
 * {@value #PUBLIC} once that many seconds have elapsed on the injected clock (checked on every read); the
 * verified gates are cleared too, so regaining the level needs the gates to pass again. The tools of
 * {@value #PUBLIC} are those of a declared {@code public} level, or none.
 *
 * <p><b>Authority follows trust, not scope:</b> {@link #allowedTools(TaintLevel)} answers the owner tool set only
 * for an {@link TaintLevel#OWNER owner}-tainted message (a valid owner signature with a fresh nonce), on any scope
 * and without changing the scope's state. Every other message gets its scope's level. On the owner's scope
 * ({@link #forOwner}) — which in {@code scope_mode: single_user} every connection maps to — that is always the
 * {@value #PUBLIC} level: gates never raise it there, so one outsider's passed gate never widens what the next
 * outsider on the merged scope may use.
 *
 * <p>Thread-safe (methods are synchronized); one instance per scope, never shared across scopes.
 *
 * <p><b>Security guarantees:</b> no method takes model output; the owner tool set is answered only for an
 * owner-tainted message, never because of the scope or connection a message arrived on; levels change only through
 * gate names the harness reports as passed, and only upwards — downward moves happen only by expiry or {@link #reset}.
 * Customer context comes only from {@link CustomerContexts} (the configured directory inside the data dir)
 * and is dropped on expiry and reset.
 */
public final class AccessController {
    /** The default level every non-owner scope starts at and expires back to. */
    public static final String PUBLIC = "public";
    /** The level name an owner-scope controller reports. */
    public static final String OWNER = "owner";
    /** The audit event of every level change. */
    public static final String EVENT_LEVEL_CHANGED = "access_level_changed";

    private final String scopeId;
    private final boolean ownerScope;
    private final List<String> levelOrder;
    private final Map<String, AccessLevel> levels;
    private final List<String> ownerTools;
    private final CustomerContexts customerContexts;
    private final Clock clock;
    private final AuditLog audit;
    private final Set<String> verifiedGates = new HashSet<>();
    private String current;
    private @Nullable Instant grantedAt;
    private @Nullable String customerId;
    private Map<String, JsonNode> customerContext = Map.of();

    private AccessController(String scopeId, boolean ownerScope, Map<String, AccessLevel> levels,
                             Collection<String> ownerTools, CustomerContexts customerContexts, Clock clock,
                             AuditLog audit) {
        if (scopeId == null || scopeId.isBlank()) {
            throw SilasException.invalid("scope_id", "must not be blank");
        }
        if (levels == null) {
            throw SilasException.invalid("access_levels", "is required (use an empty map)");
        }
        levels.forEach((name, level) -> {
            if (name == null || name.isBlank() || level == null) {
                throw SilasException.invalid("access_levels", "names must be non-blank and levels non-null");
            }
        });
        if (ownerTools == null || ownerTools.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw SilasException.invalid("owner_tools", "must be a list of non-blank tool names");
        }
        if (customerContexts == null || clock == null || audit == null) {
            throw SilasException.invalid(customerContexts == null ? "customer_contexts" : clock == null ? "clock"
                    : "audit", "is required");
        }
        this.scopeId = scopeId;
        this.ownerScope = ownerScope;
        this.levels = new LinkedHashMap<>(levels);
        this.levelOrder = List.copyOf(this.levels.keySet());
        this.ownerTools = List.copyOf(ownerTools);
        this.customerContexts = customerContexts;
        this.clock = clock;
        this.audit = audit;
        this.current = ownerScope ? OWNER : PUBLIC;
    }

    /**
     * {@return the owner's scope without goal access levels: the owner tool set for owner-tainted messages, no tools for any
     * other message}
     *
     * @param scopeId the scope the call belongs to
     * @param ownerTools the tools an owner-tainted message receives on this scope
     * @param clock the clock to read time from
     * @param audit the audit log
     */
    public static AccessController forOwner(String scopeId, Collection<String> ownerTools, Clock clock,
                                            AuditLog audit) {
        return forOwner(scopeId, Map.of(), ownerTools, clock, audit);
    }

    /**
     * {@return the owner's scope: the owner tool set for owner-tainted messages; any other message (unsigned, replayed, a
     * customer merged in by {@code single_user} mode) gets the {@value #PUBLIC} level of {@code accessLevels}, which
     * gates never raise on this scope}
     *
     * @param scopeId the scope the call belongs to
     * @param accessLevels the access levels
     * @param ownerTools the tools an owner-tainted message receives on this scope
     * @param clock the clock to read time from
     * @param audit the audit log
     */
    public static AccessController forOwner(String scopeId, Map<String, AccessLevel> accessLevels,
                                            Collection<String> ownerTools, Clock clock, AuditLog audit) {
        return new AccessController(scopeId, true, accessLevels, ownerTools, CustomerContexts.none(), clock, audit);
    }

    /**
     * A non-owner scope governed by a goal's {@code access_levels}, in declared order (lowest first; pass an
     * ordered map such as {@code WorkItem.accessLevels()}).
     *
     * @param ownerTools the tools an owner-tainted message receives on this scope
     * @param customerContexts where the customer's context is loaded from on each upward transition
     * @param scopeId the scope the call belongs to
     * @param accessLevels the access levels
     * @param clock the clock to read time from
     * @param audit the audit log
     * @return the access controller
     */
    public static AccessController forScope(String scopeId, Map<String, AccessLevel> accessLevels,
                                            Collection<String> ownerTools, CustomerContexts customerContexts,
                                            Clock clock, AuditLog audit) {
        return new AccessController(scopeId, false, accessLevels, ownerTools, customerContexts, clock, audit);
    }

    /** {@return the scope this controller belongs to} */
    public String scopeId() {
        return scopeId;
    }

    /** {@return whether this is the owner's scope} */
    public boolean ownerScope() {
        return ownerScope;
    }

    /** {@return the current level after applying expiry: {@value #OWNER} for the owner scope} */
    public synchronized String currentLevel() {
        expireIfDue();
        return current;
    }

    /**
     * Tools of the current level (after expiry); the owner tool set on the owner scope. What a message may use is
     * {@link #allowedTools(TaintLevel)}, which also weighs the message's trust.
     *
     * @return the list
     */
    public synchronized List<String> allowedTools() {
        if (ownerScope) {
            return ownerTools;
        }
        expireIfDue();
        AccessLevel level = levels.get(current);
        return level == null ? List.of() : level.tools();
    }

    /**
     * Tools for a message of the given taint: the owner tool set for an owner-tainted message only; else the
     * scope's level ({@link #allowedTools()} on a non-owner scope, the {@value #PUBLIC} level on the owner's scope).
     *
     * @param messageTaint the message taint
     * @return the list
     */
    public synchronized List<String> allowedTools(TaintLevel messageTaint) {
        if (messageTaint == null) {
            throw SilasException.invalid("taint", "is required");
        }
        if (messageTaint == TaintLevel.OWNER) {
            return ownerTools;
        }
        if (ownerScope) {
            AccessLevel open = levels.get(PUBLIC);
            return open == null ? List.of() : open.tools();
        }
        return allowedTools();
    }

    /**
     * Records the customer id for audit entries of later transitions.
     *
     * @param id the id
     */
    public synchronized void identifyCustomer(String id) {
        if (id == null || id.isBlank()) {
            throw SilasException.invalid("customer_id", "must not be blank");
        }
        customerId = id;
    }

    /** {@return the customer id, when known} */
    public synchronized Optional<String> customerId() {
        return Optional.ofNullable(customerId);
    }

    /**
     * {@return the customer context loaded at the last upward transition with a known customer id; empty before, and
     * after expiry or reset}
     */
    public synchronized Map<String, JsonNode> customerContext() {
        expireIfDue();
        return customerContext;
    }

    /**
     * Records that a gate passed and moves to the highest declared level above the current one whose required
     * gates have all passed. Ignored on the owner scope.
     *
     * @param gateName the gate that requires approval
     * @return the new level if the level changed
     */
    public synchronized Optional<String> gatePassed(String gateName) {
        if (gateName == null || gateName.isBlank()) {
            throw SilasException.invalid("gate_name", "must not be blank");
        }
        if (ownerScope) {
            return Optional.empty();
        }
        expireIfDue();
        verifiedGates.add(gateName);
        int currentRank = levelOrder.indexOf(current);
        for (int rank = levelOrder.size() - 1; rank > currentRank; rank--) {
            String name = levelOrder.get(rank);
            if (verifiedGates.containsAll(levels.get(name).requires())) {
                change(name, "gate_passed", gateName);
                grantedAt = clock.instant();
                if (customerId != null) {
                    customerContext = customerContexts.load(customerId);
                }
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /**
     * Feeds the policy results of a gate evaluation: every {@link GateAction#CONTINUE} result counts as passed.
     *
     * @param policyResults the policy results
     * @return the new level if the level changed
     */
    public synchronized Optional<String> update(List<GateResult> policyResults) {
        String before = currentLevel();
        for (GateResult result : List.copyOf(policyResults)) {
            if (result.action() == GateAction.CONTINUE) {
                gatePassed(result.gateName());
            }
        }
        String after = currentLevel();
        return after.equals(before) ? Optional.empty() : Optional.of(after);
    }

    /** Resets a non-owner scope to {@value #PUBLIC} (goal deactivated or changed); the owner scope is unaffected. */
    public synchronized void reset() {
        if (ownerScope) {
            return;
        }
        verifiedGates.clear();
        grantedAt = null;
        customerContext = Map.of();
        if (!current.equals(PUBLIC)) {
            change(PUBLIC, "reset", null);
        }
    }

    private void expireIfDue() {
        if (ownerScope || grantedAt == null) {
            return;
        }
        AccessLevel level = levels.get(current);
        Integer seconds = level == null ? null : level.expiresAfter();
        if (seconds != null && !clock.instant().isBefore(grantedAt.plus(Duration.ofSeconds(seconds)))) {
            verifiedGates.clear();
            grantedAt = null;
            customerContext = Map.of();
            change(PUBLIC, "expired", null);
        }
    }

    private void change(String to, String reason, @Nullable String gateName) {
        AuditData data = AuditData.scope(scopeId);
        data.put("from_level", current);
        data.put("to_level", to);
        data.reason(reason);
        if (gateName != null) {
            data.put("gate", gateName);
        }
        if (customerId != null) {
            data.put("customer_id", customerId);
        }
        current = to;
        audit.append(EVENT_LEVEL_CHANGED, data);
    }

    @Override
    public synchronized String toString() {
        return "AccessController[scope_id=" + scopeId + ", level=" + current + ", verified="
                + verifiedGates.size() + " gates]";
    }
}
