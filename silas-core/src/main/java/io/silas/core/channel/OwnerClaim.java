package io.silas.core.channel;

import io.silas.core.trust.TrustDecision.Reason;
import org.jspecify.annotations.Nullable;

/**
 * A signed message whose owner signature, nonce format and timestamp were checked once by
 * {@link MessageTrust#check(SignedMessage)}, before anything was consumed or audited. Admission reads
 * {@link #eligible()} to pick the owner's lane; {@link MessageTrust#classify(OwnerClaim)} later turns the same claim
 * into the trust decision (auditing a rejection, or consuming the nonce) without verifying the signature again.
 *
 * <p><b>Security guarantees:</b> only {@link MessageTrust} creates a claim, and it classifies only claims it
 * created itself; eligibility grants a queue lane, never trust: {@code owner} still needs the nonce to be recorded
 * for the first time at classification.
 */
public final class OwnerClaim {
    private final MessageTrust issuer;
    private final SignedMessage message;
    private final @Nullable Reason rejection;
    private final boolean eligible;

    OwnerClaim(MessageTrust issuer, SignedMessage message, @Nullable Reason rejection, boolean eligible) {
        this.issuer = issuer;
        this.message = message;
        this.rejection = rejection;
        this.eligible = eligible;
    }

    /**
     * {@return whether the message would be classified {@code owner} now: valid signature, well-formed nonce not yet
     * recorded, fresh timestamp (nothing consumed)}
     */
    public boolean eligible() {
        return eligible;
    }

    /** {@return the signed message this claim is about} */
    public SignedMessage message() {
        return message;
    }

    MessageTrust issuer() {
        return issuer;
    }

    /** Why the signature, nonce format or timestamp failed; null when they passed. */
    @Nullable Reason rejection() {
        return rejection;
    }
}
