package io.silas.proactivity;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.SilasException;
import java.time.Duration;

/** The suggestion engine's limits, taken from {@code suggestions} and {@code limits} config. */
record SuggestionLimits(Duration cooldown, Duration dedupeWindow, int maxPendingPerScope, int perHour) {
    SuggestionLimits {
        if (cooldown.isNegative() || dedupeWindow.isNegative() || maxPendingPerScope < 0 || perHour < 0) {
            throw SilasException.invalid("suggestions", "limits must not be negative");
        }
    }

    static SuggestionLimits of(SilasConfig.Suggestions suggestions, SilasConfig.Limits limits) {
        return new SuggestionLimits(suggestions.cooldown(), suggestions.dedupeWindow(),
                suggestions.maxPendingPerScope(), limits.suggestionsPerHourPerScope());
    }
}
