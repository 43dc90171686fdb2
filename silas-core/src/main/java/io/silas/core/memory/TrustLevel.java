package io.silas.core.memory;

/**
 * How far a {@link MemoryItem} may be relied upon and who may change it (docs/contracts.md#memory).
 *
 * <p>{@link #WORKING}: unverified (conversation, agent inference), may be overwritten.
 * {@link #VERIFIED}: confirmed by the owner or an external check; changing it needs owner action.
 * {@link #CONSTITUTIONAL}: core identity and rules; never modified at runtime.
 *
 * <p>Security guarantees: the record itself refuses a constitutional item with external taint; stores
 * enforce the modification rules for the other levels.
 */
public enum TrustLevel {
    /** Wire value {@code working}. */
    WORKING,
    /** Wire value {@code verified}. */
    VERIFIED,
    /** Wire value {@code constitutional}. */
    CONSTITUTIONAL
}
