package io.silas.core.proactivity;

import io.silas.core.vocabulary.RiskLevel;
import java.time.Instant;
import java.util.List;

/** Sample review proposals for tests (fixed values). */
public final class ProactivitySamples {
    public static final Instant CREATED = Instant.parse("2026-02-01T10:00:00Z");

    private ProactivitySamples() {
    }

    public static BatchActionItem item(String id, double confidence) {
        return new BatchActionItem(id, "Newsletter " + id, "news@example.com", CREATED.minusSeconds(3600),
                "bulk sender", confidence);
    }

    public static BatchProposal batch() {
        return new BatchProposal("batch-1", "goal-inbox", "archive",
                List.of(item("m1", 0.95), item("m2", 0.9), item("m3", 0.88)), "Newsletters older than a week", 0.88,
                CREATED);
    }

    public static AutonomyThresholdProposal widenProposal() {
        return new AutonomyThresholdProposal("prop-1", "owner", "goal-inbox",
                List.of(new AutonomyThresholdChange(AutonomyThresholdKey.BATCH_REVIEW_DEFAULT_SIZE, "10", "20",
                                AutonomyDirection.WIDEN),
                        new AutonomyThresholdChange(AutonomyThresholdKey.STANDING_MAX_EXECUTIONS, "5", "10",
                                AutonomyDirection.WIDEN)),
                40, 0.025, "last 50 batches / 14 days", "Few corrections lately", RiskLevel.MEDIUM, CREATED);
    }

    public static SuggestionProposal suggestion() {
        return new SuggestionProposal("sug-1", "owner", SuggestionSource.POST_EXECUTION, "Open a PR for the fix",
                "The fix passed verification", RiskLevel.LOW, "task-2", "pr:task-1", CREATED);
    }
}
