package io.silas.core.connection;

import io.silas.core.audit.AuditLog;
import io.silas.core.trust.SecretStore;
import io.silas.core.trust.SecretValue;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The pending-reference registry behind secure input (docs/contracts.md#secrets, #connections).
 * A setup flow {@link #register registers} a pending {@code ref_id} <em>before</em> the secure-input card is sent;
 * the host's out-of-band endpoint (never the agent pipeline) then calls {@link #submit} with the secret typed by
 * the user. The agent side learns only a {@link SecureInputCompleted} through the listener given to
 * {@link #create}.
 *
 * <p><b>Lifecycle of a ref.</b> {@code pending} (until its TTL passes, measured on the injected clock) →
 * {@code consumed} by the first {@link #submit} (single use) or {@link #discard discarded}. A submit for a ref
 * that is unknown, expired or discarded throws {@code SECRET_REF_UNKNOWN}, one that was already consumed throws
 * {@code SECRET_REF_CONSUMED}; neither stores anything. Two concurrent submits of one ref: exactly one stores, the
 * other gets {@code SECRET_REF_CONSUMED}.
 *
 * <p><b>Storage.</b> The secret is stored in the {@link SecretStore} under {@link #secretRef(String)}
 * ({@code secure-input/<ref_id>}), the only name the rest of the SDK (and a skill script, through a
 * {@code CREDENTIAL_REF_*} variable) ever sees. Each store is audited as {@value #EVENT_SECRET_STORED} with
 * {@code ref_id} as the only data; each refused submit as {@value #EVENT_SUBMIT_REJECTED}.
 *
 * <p><b>Security guarantees.</b> {@code ref_id}s are 256 random bits from {@link java.security.SecureRandom},
 * hex-encoded, so they cannot be guessed. The secret value never appears in the audit log, a log line, an
 * exception message, a {@code toString()} or the listener's event; the caller keeps (and should close) its
 * {@link SecretValue}. Implementations are thread-safe; null arguments are {@code INVALID_INPUT}.
 */
public interface SecureInputRegistry {
    /** Audit event appended for every stored secret (data: {@code ref_id} only). */
    String EVENT_SECRET_STORED = "secret_stored";

    /**
     * Audit event of a refused submit: an unknown, expired or already used ref ({@code ref_id} when well formed,
     * {@code error_code}, {@code security_event=true}); never the secret.
     */
    String EVENT_SUBMIT_REJECTED = "secret_submit_rejected";

    /**
     * Registers a pending ref for {@code scopeId} that accepts one secret within {@code ttl}.
     *
     * @param label what the card asks for, e.g. "Notion integration token"
     * @param scopeId the scope the call belongs to
     * @param ttl the ttl
     * @return the request to put on the secure-input card (generic guidance, no input hint)
     */
    SecureInputRequest register(String scopeId, String label, Duration ttl);

    /**
     * Registers a pending ref for {@code scopeId} that asks for what {@code template} describes (label, input
     * hint, guidance) under a fresh random {@code ref_id}; the template's own {@code ref_id} (chosen by a skill
     * script) is not used.
     *
     * @param scopeId the scope the call belongs to
     * @param template the template
     * @param ttl the ttl
     * @return the secure input request
     */
    SecureInputRequest register(String scopeId, SecureInputRequest template, Duration ttl);

    /**
     * Stores {@code secret} for a pending, unexpired ref and consumes the ref.
     *
     * @param refId the pending secure-input ref the form submits to
     * @param secret the secret
     * @return {@link SecureInputReceipt#STORED}
     * @throws io.silas.core.error.SilasException {@code SECRET_REF_UNKNOWN} for an unknown, expired or discarded
     *     ref, {@code SECRET_REF_CONSUMED} for a ref already submitted (nothing stored in either case);
     *     {@code SECRET_STORE_FAILURE} if the store fails (ref consumed, listener told {@code success=false})
     */
    SecureInputReceipt submit(String refId, SecretValue secret);

    /**
     * {@return whether the ref is registered, unexpired and not yet consumed}
     *
     * @param refId the pending secure-input ref the form submits to
     */
    boolean isPending(String refId);

    /**
     * {@return whether a secret was stored for the ref and is still held (not discarded)}
     *
     * @param refId the pending secure-input ref the form submits to
     */
    boolean isStored(String refId);

    /**
     * Withdraws the ref: a pending ref can no longer be submitted, and a secret already stored for it is deleted
     * from the secret store (a cancelled setup leaves no partial secret). Returns whether anything was withdrawn.
     *
     * @param refId the pending secure-input ref the form submits to
     * @return whether it holds
     */
    boolean discard(String refId);

    /**
     * {@return the secret-store ref under which a submitted secret for {@code refId} is kept}
     *
     * @param refId the pending secure-input ref the form submits to
     */
    static String secretRef(String refId) {
        return "secure-input/" + SecureInputRequest.refId(refId);
    }

    /**
     * The default registry (pending refs in memory: a restart invalidates open secure-input cards).
     *
     * @param listener told {@code (ref_id, success)} after each stored secret and each failed submit of a known
     *     ref; a listener that throws is logged (without data) and ignored
     * @param secrets the secrets
     * @param audit the audit log
     * @param clock the clock to read time from
     * @return the secure input registry
     */
    static SecureInputRegistry create(SecretStore secrets, AuditLog audit, Clock clock,
                                      Consumer<SecureInputCompleted> listener) {
        return new DefaultSecureInputRegistry(secrets, audit, clock, listener);
    }
}
