package io.silas.core.proactivity;

/** Where a proactive suggestion came from (docs/contracts.md#proactivity-and-autonomy). */
public enum SuggestionSource {
    IDLE_HEARTBEAT,
    POST_EXECUTION,
    GOAL_MONITOR
}
