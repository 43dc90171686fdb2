package io.silas.core.proactivity;

/** How the user handled a suggestion (spec §4.22); feeds cooldowns. A timeout counts as {@code deferred}. */
public enum SuggestionOutcome {
    ACCEPTED,
    DISMISSED,
    DEFERRED
}
