package io.silas.core.connection;

/**
 * Silas-level permission tier of a connection (docs/contracts.md#connections). Tiers steer UX friction only: every
 * connection action still needs a valid signed approval token.
 */
public enum ConnectionPermission {
    /** Read, index, summarise. */
    OBSERVE,
    /** Prepare drafts for review. */
    DRAFT,
    /** Send, delete, modify, unsubscribe. */
    ACT,
    /** Reconfigure services, rules, connections. */
    MANAGE
}
