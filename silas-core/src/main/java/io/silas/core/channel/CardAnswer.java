package io.silas.core.channel;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import org.jspecify.annotations.Nullable;

/**
 * The resolved answer to a {@link Card}: the value, where it came from and how its author was authenticated. Only
 * {@link Source#USER} is a real choice; every other source carries the card's {@link Card#safeValue() safe value}.
 *
 * <p><b>Security guarantees:</b> an approval (a signed token, a stored batch or autonomy decision, a gate pass) is
 * derived only from an answer that is {@link #ownerAuthenticated()}: a tap reported for the owner connection the
 * card was sent to, or a text reply {@code MessageTrust} classified {@code owner} before it was matched to the card.
 *
 * @param cardId the card answered
 * @param value the chosen value, always one of the card's action values
 * @param source how the value was decided
 * @param authentication how the author of a {@link Source#USER} answer was authenticated ({@link
 *     Authentication#NONE} for every other source)
 */
public record CardAnswer(String cardId, String value, Source source, Authentication authentication) {
    /** How the author of an answer was authenticated. */
    public enum Authentication {
        /**
         * A tap the host reported for the connection the card was sent to ({@code Stream.answerCard},
         * {@link CardPrompter#answer}); approval-class cards are only ever sent to an owner connection.
         */
        CONNECTION_TAP,
        /** A text reply that {@code MessageTrust} classified {@code owner} (valid signature, fresh nonce). */
        OWNER_SIGNED_TEXT,
        /** Nobody was authenticated: a default (timeout, disconnect, delivery failure, shutdown). */
        NONE
    }

    /** How an answer was decided. */
    public enum Source {
        /** The recipient chose a valid option. */
        USER,
        /** No answer before the card's timeout. */
        TIMEOUT,
        /** The recipient answered with an unknown value or an unparseable reply. */
        INVALID,
        /** The recipient disconnected while the card was pending. */
        DISCONNECTED,
        /** The card could not be delivered. */
        CHANNEL_FAILURE,
        /** The runtime shut down while the card was pending (graceful drain). */
        SHUTDOWN
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param cardId         the card answered
     * @param value          the chosen value, always one of the card's action values
     * @param source         how the value was decided
     * @param authentication how the author of a {
     */
    public CardAnswer {
        if (cardId == null || cardId.isBlank()) {
            throw SilasException.invalid("card_id", "must not be blank");
        }
        if (value == null || value.isBlank()) {
            throw SilasException.invalid("value", "must not be blank");
        }
        if (source == null) {
            throw SilasException.invalid("source", "is required");
        }
        if (authentication == null) {
            throw SilasException.invalid("authentication", "is required");
        }
    }

    /**
     * An answer nobody authenticated: a default or an invalid reply ({@link Authentication#NONE}).
     *
     * @param cardId the card answered
     * @param value the new value
     * @param source how the value was decided
     */
    public CardAnswer(String cardId, String value, Source source) {
        this(cardId, value, source, Authentication.NONE);
    }

    /**
     * {@return the taxonomy code of a channel-side default (docs/contracts.md#errors {@code E_CHANNEL_*}): {@code
     * CHANNEL_TIMEOUT} for a timeout, {@code CHANNEL_FAILURE} for a failed delivery or a disconnect; null for a user
     * choice, an invalid reply or a shutdown}
     */
    public @Nullable ErrorCode errorCode() {
        return switch (source) {
            case TIMEOUT -> ErrorCode.CHANNEL_TIMEOUT;
            case CHANNEL_FAILURE, DISCONNECTED -> ErrorCode.CHANNEL_FAILURE;
            case USER, INVALID, SHUTDOWN -> null;
        };
    }

    /**
     * {@return whether this is a user choice by an authenticated owner: {@link Source#USER} by a
     * {@link Authentication#CONNECTION_TAP} or an {@link Authentication#OWNER_SIGNED_TEXT}} The only answers an
     * approval may be derived from.
     */
    public boolean ownerAuthenticated() {
        return source == Source.USER && authentication != Authentication.NONE;
    }

    /** {@return whether the safe default was applied instead of a user choice} */
    public boolean defaulted() {
        return source != Source.USER;
    }
}
