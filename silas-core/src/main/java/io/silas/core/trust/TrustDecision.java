package io.silas.core.trust;

import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.TaintLevel;

/**
 * The outcome of classifying one inbound message: its {@link TaintLevel} and the precise reason. The pairing is
 * checked on construction: {@code OWNER} exists only with {@link Reason#OWNER_SIGNATURE}, {@code AUTH} only with
 * {@link Reason#AUTHENTICATED_IDENTITY}, and every other reason is {@code EXTERNAL}.
 *
 * @param taint the trust level
 * @param reason why
 */
public record TrustDecision(TaintLevel taint, Reason reason) {
    /** Why a message got its trust level. Lower-case names are the wire values (e.g. {@code replayed_nonce}). */
    public enum Reason {
        /** Valid owner signature, fresh timestamp, nonce used for the first time. */
        OWNER_SIGNATURE,
        /** No valid signature, but the sender is a known authenticated channel identity. */
        AUTHENTICATED_IDENTITY,
        /** No signature and no known identity. */
        UNSIGNED,
        /** The signature is not 64 bytes. */
        SIGNATURE_MALFORMED,
        /** The signature does not verify under the owner key (wrong key, or content changed after signing). */
        SIGNATURE_INVALID,
        /** The nonce is not 16-128 characters of {@code [A-Za-z0-9._:+/=-]}. */
        NONCE_INVALID,
        /** Validly signed, but the nonce was already used: a replay. */
        REPLAYED_NONCE,
        /** Validly signed, but the timestamp is older than the freshness window. */
        STALE_TIMESTAMP,
        /** Validly signed, but the timestamp is further in the future than the freshness window. */
        FUTURE_TIMESTAMP,
        /** Validly signed, but the nonce store failed, so freshness of the nonce is unknown (fail closed). */
        NONCE_STORE_UNAVAILABLE
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param taint  the trust level
     * @param reason why /
public
     */
    public TrustDecision {
        if (taint == null || reason == null) {
            throw SilasException.invalid("trust_decision", "taint and reason are required");
        }
        TaintLevel expected = taintFor(reason);
        if (taint != expected) {
            throw SilasException.invalid("taint", "reason " + reason + " requires " + expected + " but was " + taint);
        }
    }

    /**
     * {@return the decision for a reason (the taint follows from it)}
     *
     * @param reason why, in a short phrase
     */
    public static TrustDecision of(Reason reason) {
        return new TrustDecision(taintFor(reason), reason);
    }

    /** {@return whether the message is the owner's} */
    public boolean isOwner() {
        return taint == TaintLevel.OWNER;
    }

    private static TaintLevel taintFor(Reason reason) {
        return switch (reason) {
            case OWNER_SIGNATURE -> TaintLevel.OWNER;
            case AUTHENTICATED_IDENTITY -> TaintLevel.AUTH;
            default -> TaintLevel.EXTERNAL;
        };
    }
}
