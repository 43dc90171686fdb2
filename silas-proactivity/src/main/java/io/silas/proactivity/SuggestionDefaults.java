package io.silas.proactivity;

import io.silas.core.proactivity.SuggestionSignal;
import io.silas.core.proactivity.SuggestionSource;

/** The deterministic heuristics of idle suggestions: which signal comes first and which source it reports. */
final class SuggestionDefaults {
    private SuggestionDefaults() {
    }

    /** Lower first: warnings that may break work, then waiting decisions, goals, and follow-ups. */
    static int priority(SuggestionSignal signal) {
        return switch (signal.kind()) {
            case CONNECTION_WARNING -> 0;
            case PENDING_REVIEW -> 1;
            case ACTIVE_GOAL -> 2;
            case RECENT_RESULT -> 3;
        };
    }

    static SuggestionSource source(SuggestionSignal.Kind kind) {
        return kind == SuggestionSignal.Kind.ACTIVE_GOAL ? SuggestionSource.GOAL_MONITOR
                : SuggestionSource.IDLE_HEARTBEAT;
    }
}
