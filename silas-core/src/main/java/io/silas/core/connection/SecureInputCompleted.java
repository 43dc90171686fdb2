package io.silas.core.connection;

/**
 * All the agent ever learns about a secure input (docs/contracts.md#connections): which request it answered and whether
 * the secret was stored.
 *
 * <p>Security guarantees: this record has exactly two components, the opaque {@code ref_id} and a boolean.
 * It never carries the secret value, a hash of it or anything derived from it.
 *
 * @param refId the {@link SecureInputRequest#refId()} it answers
 * @param success whether the secret was stored
 */
public record SecureInputCompleted(String refId, boolean success) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param refId   the {
     * @param success whether the secret was stored /
public
     */
    public SecureInputCompleted {
        SecureInputRequest.refId(refId);
    }
}
