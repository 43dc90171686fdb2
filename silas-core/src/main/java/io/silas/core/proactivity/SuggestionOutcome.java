package io.silas.core.proactivity;

/** How the user handled a suggestion (docs/contracts.md#proactivity-and-autonomy); feeds cooldowns. A timeout counts as {@code deferred}. */
public enum SuggestionOutcome {
    ACCEPTED,
    DISMISSED,
    DEFERRED
}
