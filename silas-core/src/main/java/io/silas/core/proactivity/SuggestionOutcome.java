package io.silas.core.proactivity;

/** How the user handled a suggestion (docs/contracts.md#proactivity-and-autonomy); feeds cooldowns. A timeout counts as {@code deferred}. */
public enum SuggestionOutcome {
    /** Wire value {@code accepted}. */
    ACCEPTED,
    /** Wire value {@code dismissed}. */
    DISMISSED,
    /** Wire value {@code deferred}. */
    DEFERRED
}
