package io.silas.proactivity;

import java.util.List;

/**
 * The host's list of active scopes for the {@link Heartbeats}: each scope that should be polled now, with the
 * connection that receives its cards. A scope with nobody to show a card to is simply not active.
 *
 * <p>Called from the scheduler thread at every heartbeat tick, never from a turn; implementations must be
 * thread-safe and quick (read in-memory state, no network). A directory that throws fails the whole tick (the
 * scheduler logs and audits it and keeps the schedule).
 *
 * <p><b>Security guarantees:</b> the recipient named here is the only connection a scope's suggestion and
 * autonomy cards are sent to, and the only one whose answer counts ({@link io.silas.core.channel.CardPrompter}
 * binds answers to the recipient), so the host must map each scope to that scope's owner connection.
 */
@FunctionalInterface
public interface ScopeDirectory {
    /** {@return the active scopes now, each once (possibly empty, never null)} */
    List<ActiveScope> activeScopes();

    /**
     * {@return a fixed directory, for single-user hosts and tests}
     *
     * @param scopes the scopes
     */
    static ScopeDirectory of(List<ActiveScope> scopes) {
        List<ActiveScope> copy = List.copyOf(scopes);
        return () -> copy;
    }
}
