package io.silas.core.connection;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.silas.core.error.SilasException;

/**
 * The only answer a secure-input submitter ever gets (docs/contracts.md#connections): exactly {@code {"stored": true}}.
 * Failures are {@code SilasException(SECRET_REF_UNKNOWN)}, never a receipt.
 *
 * <p>Security guarantees: the receipt has one boolean component and never echoes the secret, its length or a
 * hash of it.
 *
 * @param stored always {@code true}
 */
public record SecureInputReceipt(@JsonProperty("stored") boolean stored) {
    /** The receipt of a stored secret. */
    public static final SecureInputReceipt STORED = new SecureInputReceipt(true);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param stored always {
     */
    public SecureInputReceipt {
        if (!stored) {
            throw SilasException.invalid("stored", "a receipt is issued only for a stored secret");
        }
    }
}
