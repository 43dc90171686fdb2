package io.silas.core.stream;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A point-in-time health snapshot of a {@link Stream} for a host's {@code /health} endpoint (docs/contracts.md#health):
 * status, queue pressure per scope and in total, and the state of the parts the Stream knows about. Immutable and
 * thread-safe; the counts are a snapshot per scope, not an atomic view across scopes.
 *
 * @param status             {@code DRAINING} once {@link Stream#shutdown} began; else {@code DEGRADED} after a
 *                           storage fault (corruption, migration mismatch, audit chain broken); else {@code OK}
 * @param fault              the stable id of the storage fault behind {@code DEGRADED}, else null
 * @param activeScopes       scopes with queued or running turns
 * @param pendingTotal       turns queued or running across all scopes
 * @param pendingByScope     queued-or-running turns per active scope
 * @param scopesAtBound      scopes whose queue is full ({@code backpressure.max_pending_turns_per_scope}): their next
 *                           message is refused {@code busy_retry}
 * @param globalPressure     whether non-owner traffic is being shed (only the owner reserve of
 *                           {@code backpressure.max_pending_turns_total} is left)
 * @param backgroundInFlight plan approvals and executions still in flight
 * @param scheduler          the scheduler's state
 * @param sandboxes          the work execution (sandboxed executors) as far as the Stream knows it: absent without a
 *                           work executor, stopped after a drain
 * @param awaitingOwnerByScope turns whose plan or gated message/reply waits on an owner approval card, per scope
 *                           (no thread is held for them; scopes with none are left out)
 */
public record StreamHealth(Status status, @Nullable String fault, int activeScopes, int pendingTotal,
                           Map<String, Integer> pendingByScope, List<String> scopesAtBound, boolean globalPressure,
                           int backgroundInFlight, ComponentState scheduler, ComponentState sandboxes,
                           Map<String, Integer> awaitingOwnerByScope) {

    /** Overall status. */
    public enum Status {
        /** Admitting and running turns normally. */
        OK,
        /** Running, but a storage fault was seen: route new traffic elsewhere. */
        DEGRADED,
        /** Shutting down: no longer admitting. */
        DRAINING
    }

    /** State of an optional part of the runtime. */
    public enum ComponentState {
        /** Not configured. */
        ABSENT,
        /** Configured; {@link Stream#start()} not called yet. */
        NOT_STARTED,
        /** Running. */
        RUNNING,
        /** Stopped by a drain. */
        STOPPED
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param status               {
     * @param fault                the stable id of the storage fault behind {
     * @param activeScopes         scopes with queued or running turns
     * @param pendingTotal         turns queued or running across all scopes
     * @param pendingByScope       queued-or-running turns per active scope
     * @param scopesAtBound        scopes whose queue is full ({
     * @param globalPressure       whether non-owner traffic is being shed (only the owner reserve of {
     * @param backgroundInFlight   plan approvals and executions still in flight
     * @param scheduler            the scheduler's state
     * @param sandboxes            the work execution (sandboxed executors) as far as the Stream knows it: absent
     *                             without a work executor, stopped after a drain
     * @param awaitingOwnerByScope turns whose plan or gated message/reply waits on an owner approval card, per scope
     *                             (no thread is held for them; scopes with none are left out) /
public
     */
    public StreamHealth {
        Checks.nonNull(status, "status");
        Checks.nonNull(scheduler, "scheduler");
        Checks.nonNull(sandboxes, "sandboxes");
        if (activeScopes < 0 || pendingTotal < 0 || backgroundInFlight < 0) {
            throw SilasException.invalid("stream_health", "counts must be >= 0");
        }
        pendingByScope = Map.copyOf(pendingByScope);
        scopesAtBound = List.copyOf(scopesAtBound);
        awaitingOwnerByScope = Map.copyOf(awaitingOwnerByScope);
    }

    /**
     * Turns waiting on an owner approval card, across all scopes.
     *
     * @return the int
     */
    public int awaitingOwner() {
        return awaitingOwnerByScope.values().stream().mapToInt(Integer::intValue).sum();
    }
}
