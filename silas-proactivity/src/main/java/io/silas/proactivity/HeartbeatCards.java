package io.silas.proactivity;

import io.silas.core.channel.AutonomyReviewCard;
import io.silas.core.channel.SuggestionCard;
import io.silas.core.proactivity.AutonomyDirection;
import io.silas.core.proactivity.AutonomyThresholdChange;
import io.silas.core.proactivity.AutonomyThresholdProposal;
import io.silas.core.proactivity.SuggestionProposal;
import java.util.Locale;
import java.util.stream.Collectors;

/** Builds the heartbeat cards from typed proposals; texts name ids, keys and values only. */
final class HeartbeatCards {
    private HeartbeatCards() {
    }

    static SuggestionCard suggestion(String cardId, SuggestionProposal proposal) {
        String rationale = proposal.rationale().isBlank()
                ? "Suggested by Silas (" + proposal.source().name().toLowerCase(Locale.ROOT) + ")."
                : proposal.rationale();
        return SuggestionCard.of(cardId, proposal.suggestionId(), proposal.intent(), proposal.riskLevel(), rationale);
    }

    static AutonomyReviewCard autonomy(String cardId, AutonomyThresholdProposal proposal) {
        boolean widens = proposal.changes().stream().anyMatch(c -> c.direction() == AutonomyDirection.WIDEN);
        String intent = widens
                ? "Widen autonomy: ask for approval less often in this scope"
                : "Tighten autonomy: ask for approval more often in this scope";
        String rationale = proposal.rationale().isBlank()
                ? String.format(Locale.ROOT, "Correction rate %.1f%% over %d actions (%s).",
                        proposal.correctionRate() * 100, proposal.sampleSize(), proposal.evidenceWindow())
                : proposal.rationale();
        String details = proposal.changes().stream().map(HeartbeatCards::line).collect(Collectors.joining("\n"));
        return AutonomyReviewCard.of(cardId, proposal.proposalId(), intent, proposal.riskLevel(), rationale, details);
    }

    private static String line(AutonomyThresholdChange change) {
        return change.key().wire() + ": " + change.currentValue() + " -> " + change.proposedValue() + " ("
                + change.direction().name().toLowerCase(Locale.ROOT) + ")";
    }
}
