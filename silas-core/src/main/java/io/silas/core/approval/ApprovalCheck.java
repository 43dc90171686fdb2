package io.silas.core.approval;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link ApprovalEngine} verification, returned as a value (never thrown): either valid, with
 * the token to use from now on, or denied with a precise {@link Reason} and a message that names ids only.
 *
 * <p>For a consuming {@code verify...} call the {@link #token()} of a valid outcome is the <em>consumed
 * copy</em> ({@code executions_used + 1}, the new execution nonce appended); the caller must persist it in
 * place of the presented token. For a non-consuming {@code check...} call it is the presented token.
 * A denied outcome carries no token.
 *
 * <p>Immutable and thread-safe.
 *
 * <p><b>Security guarantees:</b> only {@link Reason#VALID} authorises anything; every other reason is a hard
 * deny. Messages never contain signatures, keys or message text.
 */
public record ApprovalCheck(Reason reason, String message, @Nullable ApprovalToken token) {
    /** Why verification succeeded or failed; the lower-case name is the audit wire value. */
    public enum Reason {
        /** Everything checked out. */
        VALID,
        /** The Ed25519 signature is missing, malformed, made by another key, or any signed field changed. */
        SIGNATURE_INVALID,
        /** The verdict is not {@code approved} (declined, edit requested, conditional). */
        VERDICT_NOT_APPROVED,
        /** The token's scope does not fit the call (e.g. a batch token presented for a work item). */
        SCOPE_MISMATCH,
        /** {@code work_item_id} names another work item, batch or proposal. */
        WORK_ITEM_MISMATCH,
        /** The plan (or batch, or proposal) hash differs from the one the token binds. */
        PLAN_HASH_MISMATCH,
        /** A standing token was presented without the spawned task it should authorise. */
        STANDING_REQUIRES_SPAWNED_TASK,
        /** The spawned task's {@code parent} is not the goal the standing token approves. */
        SPAWNED_PARENT_MISMATCH,
        /** The spawned task is not a task, or its spawn policy differs from the bound spawn-policy hash. */
        SPAWN_POLICY_MISMATCH,
        /** {@code issued_at} is after the engine's clock. */
        NOT_YET_VALID,
        /** The engine's clock is at or after {@code expires_at}. */
        EXPIRED,
        /** {@code executions_used} already equals {@code max_executions}. */
        EXECUTIONS_EXHAUSTED,
        /**
         * The execution slot this copy would consume was already claimed: a stale copy was presented again,
         * or another thread verified the same token at the same time.
         */
        EXECUTION_ALREADY_CLAIMED,
        /** The fresh execution nonce was already recorded in domain {@code exec}. */
        NONCE_REPLAYED,
        /**
         * {@code enter}: every execution of the token verified for this work item already started a run (a run
         * claims one verified execution; a finished item is never run again on the same token).
         */
        ALREADY_RUN,
        /** {@code check}: the token was never consumed by {@code verify} for this work item. */
        NOT_CONSUMED,
        /** The nonce store failed; denied (fail closed). */
        NONCE_STORE_UNAVAILABLE;

        /** {@return the audit wire value, e.g. {@code plan_hash_mismatch}} */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param reason  why, in a short phrase
     * @param message the message
     * @param token   the token
     */
    public ApprovalCheck {
        if (reason == null) {
            throw SilasException.invalid("reason", "is required");
        }
        if (message == null || message.isBlank()) {
            throw SilasException.invalid("message", "must not be blank");
        }
        if ((reason == Reason.VALID) != (token != null)) {
            throw SilasException.invalid("token", "is present exactly when the outcome is valid");
        }
    }

    /**
     * {@return a valid outcome carrying the token to use (the consumed copy after {@code verify})}
     *
     * @param token the token
     */
    public static ApprovalCheck valid(ApprovalToken token) {
        return new ApprovalCheck(Reason.VALID, "approval token " + token.tokenId() + " is valid", token);
    }

    /**
     * {@return a denial}
     *
     * @param reason why, in a short phrase
     * @param message the message
     */
    public static ApprovalCheck denied(Reason reason, String message) {
        if (reason == Reason.VALID) {
            throw SilasException.invalid("reason", "a denial needs a failure reason");
        }
        return new ApprovalCheck(reason, message, null);
    }

    /** {@return whether the approval authorises the action} */
    public boolean valid() {
        return reason == Reason.VALID;
    }

    /**
     * The token of a valid outcome.
     *
     * @return the approval token
     * @throws SilasException {@code APPROVAL_DENIED} with the reason and message when denied
     */
    public ApprovalToken orThrow() {
        if (token == null) {
            throw new SilasException(ErrorCode.APPROVAL_DENIED, "approval denied (" + reason.wire() + "): " + message);
        }
        return token;
    }
}
