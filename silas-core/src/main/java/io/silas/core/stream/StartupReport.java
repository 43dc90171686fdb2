package io.silas.core.stream;

import io.silas.core.connection.HealthReport;
import io.silas.core.error.SilasException;
import io.silas.core.work.WorkItemResult;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What {@link Stream#start()} did. Scopes' context windows are rehydrated lazily on each scope's first turn, so
 * {@code knownScopes} counts the scopes that will be restored, not ones already restored.
 *
 * @param knownScopes      scopes with chronicle entries at startup
 * @param resumedWorkItems ids of interrupted {@code running} work items re-entered through the work executor
 * @param scheduledJobs    scheduler job names registered ({@code goal:<id>}, {@code heartbeat:suggestions},
 *                         {@code heartbeat:autonomy})
 * @param skippedSteps     startup steps skipped because an optional collaborator or file is absent or invalid
 * @param resumption       completes with the results of the resumed items (in {@code resumedWorkItems} order) once
 *                         all have finished; a resumed item that throws is left out
 * @param replayedMessages unfinished inbox messages of a stopped process queued again
 * @param replay           completes with the turn results of the replayed messages (admission order) once all have
 *                         finished; a turn that throws is left out
 * @param connectionHealth one report per connection the active goal depends on that was health-checked at startup
 *                         (after at most one refresh and one recovery: {@code active}, or {@code failed} with the
 *                         failure whose card was offered to the owner); empty without a connection manager, without
 *                         an active goal, or when the goal names no active connection
 * @param startedChannels  names of the pull channels that started (a channel whose start threw is left out)
 */
public record StartupReport(int knownScopes, List<String> resumedWorkItems, List<String> scheduledJobs,
                            List<String> skippedSteps, CompletionStage<List<WorkItemResult>> resumption,
                            int replayedMessages, CompletionStage<List<TurnResult>> replay,
                            List<HealthReport> connectionHealth, List<String> startedChannels) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param knownScopes      scopes with chronicle entries at startup
     * @param resumedWorkItems ids of interrupted {
     * @param scheduledJobs    scheduler job names registered ({
     * @param skippedSteps     startup steps skipped because an optional collaborator or file is absent or invalid
     * @param resumption       completes with the results of the resumed items (in {
     * @param replayedMessages unfinished inbox messages of a stopped process queued again
     * @param replay           completes with the turn results of the replayed messages (admission order) once all have
     *                         finished; a turn that throws is left out
     * @param connectionHealth one report per connection the active goal depends on that was health-checked at startup
     *                         (after at most one refresh and one recovery: {
     * @param startedChannels  names of the pull channels that started (a channel whose start threw is left out)
     *                         /
public
     */
    public StartupReport {
        if (knownScopes < 0) {
            throw SilasException.invalid("known_scopes", "must be >= 0");
        }
        resumedWorkItems = List.copyOf(resumedWorkItems);
        scheduledJobs = List.copyOf(scheduledJobs);
        skippedSteps = List.copyOf(skippedSteps);
        if (resumption == null) {
            throw SilasException.invalid("resumption", "must not be null");
        }
        if (replayedMessages < 0) {
            throw SilasException.invalid("replayed_messages", "must be >= 0");
        }
        if (replay == null) {
            throw SilasException.invalid("replay", "must not be null");
        }
        connectionHealth = List.copyOf(connectionHealth);
        startedChannels = List.copyOf(startedChannels);
    }
}
