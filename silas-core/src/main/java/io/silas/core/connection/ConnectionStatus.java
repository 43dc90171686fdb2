package io.silas.core.connection;

/**
 * Lifecycle state of a service {@link Connection} (spec §2.5). A cancelled setup leaves {@link #PROPOSED};
 * unhealthy connections that fail refresh and recovery become {@link #FAILED}.
 */
public enum ConnectionStatus {
    PROPOSED,
    CONNECTING,
    ACTIVE,
    PAUSED,
    FAILED
}
