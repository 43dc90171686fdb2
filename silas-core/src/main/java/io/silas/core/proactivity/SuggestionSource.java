package io.silas.core.proactivity;

/** Where a proactive suggestion came from (docs/contracts.md#proactivity-and-autonomy). */
public enum SuggestionSource {
    /** Wire value {@code idle_heartbeat}. */
    IDLE_HEARTBEAT,
    /** Wire value {@code post_execution}. */
    POST_EXECUTION,
    /** Wire value {@code goal_monitor}. */
    GOAL_MONITOR
}
