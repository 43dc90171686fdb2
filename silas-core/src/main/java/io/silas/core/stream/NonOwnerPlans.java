package io.silas.core.stream;

/**
 * What happens to a plan proposed in a turn whose message is not the owner's (trust {@code auth} or
 * {@code external}); set with {@code Stream.builder().nonOwnerPlans(..)}. Either way the decision is audited
 * ({@code plan_from_non_owner}) and the sender is told only that the proposal awaits the owner (or was not taken).
 *
 * <p><b>Security guarantees:</b> such a plan is never approvable by its sender: its card goes only to the owner's
 * connection, showing the origin (scope, connection, sender id, trust), or no card is sent at all.
 */
public enum NonOwnerPlans {
    /** Default: the plan is stored and its approval card goes to the owner, showing where it came from. */
    ASK_OWNER,
    /** The plan is neither stored nor shown; nothing can run from it. */
    REFUSE
}
