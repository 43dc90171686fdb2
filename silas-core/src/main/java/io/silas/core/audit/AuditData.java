package io.silas.core.audit;

import io.silas.core.error.SilasException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The data of one audit entry, with the keys that many events share spelled once: {@link #scope} ({@code scope_id}),
 * {@link #turn} ({@code turn}), {@link #workItem} ({@code work_item_id}), {@link #token} ({@code token_id}),
 * {@link #connection} ({@code connection_id}), {@link #reason} ({@code reason}); any other key through
 * {@link #put}. Keys keep their insertion order; a null value is written as JSON {@code null}. The audit hash is taken
 * over canonical JSON, so an entry built here hashes exactly as the same keys and values put in a map by hand.
 *
 * <pre>{@code
 * audit.append("plan_failed", AuditData.scope(turn.scopeId()).workItem(item.id()).reason("expired"));
 * }</pre>
 *
 * <p>Not thread-safe; build, append, discard. <b>Security guarantees:</b> none beyond the log's: like every audit
 * datum, values must be ids and references, never secrets.
 */
public final class AuditData {
    /** The conversation scope an event belongs to. */
    public static final String SCOPE_ID = "scope_id";
    /** The turn number within the scope. */
    public static final String TURN = "turn";
    /** The work item an event is about. */
    public static final String WORK_ITEM_ID = "work_item_id";
    /** The approval token an event is about. */
    public static final String TOKEN_ID = "token_id";
    /** The connection an event is about. */
    public static final String CONNECTION_ID = "connection_id";
    /** Why something was refused, failed or chosen (a wire word, not free text from a model). */
    public static final String REASON = "reason";

    private final Map<String, @Nullable Object> values = new LinkedHashMap<>();

    private AuditData() {
    }

    /**
     * Empty data.
     *
     * @return the audit data
     */
    public static AuditData create() {
        return new AuditData();
    }

    /**
     * Data that starts with {@code scope_id}.
     *
     * @param scopeId the scope the call belongs to
     * @return the audit data
     */
    public static AuditData scope(@Nullable String scopeId) {
        return create().put(SCOPE_ID, scopeId);
    }

    /**
     * Adds {@code scope_id}.
     *
     * @param scopeId the scope the call belongs to
     * @return the audit data
     */
    public AuditData scopeId(@Nullable String scopeId) {
        return put(SCOPE_ID, scopeId);
    }

    /**
     * Adds {@code turn}.
     *
     * @param turnNumber the scope's turn counter for this turn ({@code 0} for a message consumed as a card reply)
     * @return the audit data
     */
    public AuditData turn(long turnNumber) {
        return put(TURN, turnNumber);
    }

    /**
     * Adds {@code work_item_id}.
     *
     * @param workItemId the work item
     * @return the audit data
     */
    public AuditData workItem(@Nullable String workItemId) {
        return put(WORK_ITEM_ID, workItemId);
    }

    /**
     * Adds {@code token_id}.
     *
     * @param tokenId the signed token's id (for the audit)
     * @return the audit data
     */
    public AuditData token(@Nullable String tokenId) {
        return put(TOKEN_ID, tokenId);
    }

    /**
     * Adds {@code connection_id}.
     *
     * @param connectionId the connection
     * @return the audit data
     */
    public AuditData connection(@Nullable String connectionId) {
        return put(CONNECTION_ID, connectionId);
    }

    /**
     * Adds {@code reason}.
     *
     * @param reason why, in a short phrase
     * @return the audit data
     */
    public AuditData reason(@Nullable String reason) {
        return put(REASON, reason);
    }

    /**
     * Adds (or replaces) one key; values are converted with the shared JSON mapper when appended.
     *
     * @param key the key
     * @param value the new value
     * @return the audit data
     * @throws SilasException {@code INVALID_INPUT} for a blank key
     */
    public AuditData put(String key, @Nullable Object value) {
        if (key == null || key.isBlank()) {
            throw SilasException.invalid("audit.data.key", "must not be blank");
        }
        values.put(key, value);
        return this;
    }

    /**
     * Adds every entry of {@code fields} (for a helper that returns a group of keys), in its iteration order.
     *
     * @param fields the fields
     * @return the audit data
     */
    public AuditData putAll(Map<String, ?> fields) {
        fields.forEach(this::put);
        return this;
    }

    /**
     * Adds every key of {@code other} (a helper's group of standard keys), in its insertion order.
     *
     * @param other the other
     * @return the audit data
     */
    public AuditData putAll(AuditData other) {
        return putAll(other.values);
    }

    /**
     * Adds {@code key} only when {@code value} is not null (for optional fields omitted from the entry).
     *
     * @param key the key
     * @param value the new value
     * @return the audit data
     */
    public AuditData putIfPresent(String key, @Nullable Object value) {
        return value == null ? this : put(key, value);
    }

    /** {@return a read-only view of the keys and values, in insertion order} */
    public Map<String, @Nullable Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
