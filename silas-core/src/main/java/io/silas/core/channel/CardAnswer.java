package io.silas.core.channel;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import org.jspecify.annotations.Nullable;

/**
 * The resolved answer to a {@link Card}: the value and where it came from. Only {@link Source#USER} is a
 * real choice; every other source carries the card's {@link Card#safeValue() safe value}.
 *
 * @param cardId the card answered
 * @param value the chosen value, always one of the card's action values
 * @param source how the value was decided
 */
public record CardAnswer(String cardId, String value, Source source) {
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
    }

    /**
     * The taxonomy code of a channel-side default (spec §17.1 {@code E_CHANNEL_*}): {@code CHANNEL_TIMEOUT} for a
     * timeout, {@code CHANNEL_FAILURE} for a failed delivery or a disconnect; null for a user choice, an invalid
     * reply or a shutdown.
     */
    public @Nullable ErrorCode errorCode() {
        return switch (source) {
            case TIMEOUT -> ErrorCode.CHANNEL_TIMEOUT;
            case CHANNEL_FAILURE, DISCONNECTED -> ErrorCode.CHANNEL_FAILURE;
            case USER, INVALID, SHUTDOWN -> null;
        };
    }

    /** Whether the safe default was applied instead of a user choice. */
    public boolean defaulted() {
        return source != Source.USER;
    }
}
