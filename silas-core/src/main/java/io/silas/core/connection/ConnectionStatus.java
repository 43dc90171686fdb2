package io.silas.core.connection;

/**
 * Lifecycle state of a service {@link Connection} (docs/contracts.md#connections). A cancelled setup leaves {@link
 * #PROPOSED}; unhealthy connections that fail refresh and recovery become {@link #FAILED}.
 */
public enum ConnectionStatus {
    /** Wire value {@code proposed}. */
    PROPOSED,
    /** Wire value {@code connecting}. */
    CONNECTING,
    /** Wire value {@code active}. */
    ACTIVE,
    /** Wire value {@code paused}. */
    PAUSED,
    /** Wire value {@code failed}. */
    FAILED
}
