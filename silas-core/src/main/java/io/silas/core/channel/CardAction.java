package io.silas.core.channel;

import io.silas.core.error.SilasException;

/**
 * One call-to-action of a {@link Card} (docs/contracts.md#cards): the machine value reported back when tapped and the
 * concrete consequence label shown on it (e.g. {@code "Approve + execute"}, {@code "Skip for now"}).
 *
 * @param value the answer value, one of the card type's allowed values
 * @param consequenceLabel the user-visible label naming the concrete outcome
 */
public record CardAction(String value, String consequenceLabel) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param value            the answer value, one of the card type's allowed values
     * @param consequenceLabel the user-visible label naming the concrete outcome /
public
     */
    public CardAction {
        if (value == null || value.isBlank()) {
            throw SilasException.invalid("value", "must not be blank");
        }
        if (consequenceLabel == null || consequenceLabel.isBlank()) {
            throw SilasException.invalid("consequence_label", "must not be blank");
        }
    }
}
