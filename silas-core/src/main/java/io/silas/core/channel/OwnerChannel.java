package io.silas.core.channel;

import io.silas.core.error.SilasException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The connection(s) the host declares as the owner's: where approval-class cards (plan, batch, autonomy,
 * suggestion, connection activation, gate {@code require_approval}, mid-execution approval) and owner
 * notifications ({@code report} escalations, progress of resumed work) are sent, and the only connections whose
 * card answers count. Declared with {@code Stream.builder().ownerConnections(...)}; a Stream built without it uses
 * the configured {@code owner_id} as the single owner connection.
 *
 * <p>Being on an owner connection is <em>where</em> a card may be answered, not <em>who</em> answered it: a text
 * reply on an owner connection answers an approval-class card only when {@code MessageTrust} classified that
 * message {@code owner} (valid signature, fresh nonce) before it was matched to the card; a tap
 * ({@code Stream.answerCard}) counts only from an owner connection, which the host authenticates.
 *
 * <p><b>Security guarantees:</b> immutable; ids are non-blank, distinct and at most 200 characters; there is always
 * at least one, so an approval always has an owner recipient and is never sent to the sender or to a customer
 * scope's recipient.
 *
 * @param connectionIds the owner's connection ids, first = {@link #primary()}
 */
public record OwnerChannel(List<String> connectionIds) {
    private static final int MAX_ID_LENGTH = 200;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param connectionIds the owner's connection ids, first = {
     */
    public OwnerChannel {
        if (connectionIds == null || connectionIds.isEmpty()) {
            throw SilasException.invalid("owner_connections", "at least one owner connection id is required");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String id : connectionIds) {
            if (id == null || id.isBlank()) {
                throw SilasException.invalid("owner_connections", "ids must not be blank");
            }
            if (id.length() > MAX_ID_LENGTH) {
                throw SilasException.invalid("owner_connections", "ids must be at most " + MAX_ID_LENGTH
                        + " characters");
            }
            if (!seen.add(id)) {
                throw SilasException.invalid("owner_connections", "'" + id + "' is listed twice");
            }
        }
        connectionIds = List.copyOf(new ArrayList<>(seen));
    }

    /**
     * {@return the owner connections, the first being the primary one}
     *
     * @param connectionIds the owner's connection ids, first = {@link #primary()}
     */
    public static OwnerChannel of(String... connectionIds) {
        if (connectionIds == null) {
            throw SilasException.invalid("owner_connections", "at least one owner connection id is required");
        }
        return new OwnerChannel(java.util.Arrays.asList(connectionIds));
    }

    /** {@return the connection owner cards and notifications are sent to: the first declared one} */
    public String primary() {
        return connectionIds.get(0);
    }

    /**
     * {@return whether {@code connectionId} is one of the owner's connections (null → false)}
     *
     * @param connectionId the connection
     */
    public boolean isOwnerConnection(String connectionId) {
        return connectionId != null && connectionIds.contains(connectionId);
    }
}
