package io.silas.core.proactivity;

/** Where a proactive suggestion came from (spec §3.11). */
public enum SuggestionSource {
    IDLE_HEARTBEAT,
    POST_EXECUTION,
    GOAL_MONITOR
}
