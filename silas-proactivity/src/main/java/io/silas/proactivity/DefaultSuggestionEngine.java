package io.silas.proactivity;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditData;
import io.silas.core.audit.AuditLog;
import io.silas.core.error.Checks;
import io.silas.core.json.Hashes;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.proactivity.SuggestionEngine;
import io.silas.core.proactivity.SuggestionOutcome;
import io.silas.core.proactivity.SuggestionProposal;
import io.silas.core.proactivity.SuggestionSignal;
import io.silas.core.proactivity.SuggestionSignals;
import io.silas.core.proactivity.SuggestionSource;
import io.silas.core.vocabulary.RiskLevel;
import io.silas.core.work.WorkItemResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SuggestionEngine} over the review queue. Pending suggestions live in the queue (durable with the SQLite
 * store); cooldowns and the hourly count live in {@link SuggestionLedger}s in memory — after a restart the
 * pending keys still block duplicates and the hourly count is re-seeded from the pending suggestions' creation
 * times, but cooldowns of already handled keys start over. One lock serialises all calls.
 */
final class DefaultSuggestionEngine implements SuggestionEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSuggestionEngine.class);
    private static final int MAX_INTENT_CHARS = 280;

    private final ReviewQueueStore queue;
    private final SuggestionSignals signals;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final SuggestionLimits limits;
    private final Map<String, SuggestionLedger> ledgers = new LinkedHashMap<>();

    DefaultSuggestionEngine(ReviewQueueStore queue, SuggestionSignals signals, AuditLog audit, Clock clock,
                            IdGenerator ids, SuggestionLimits limits) {
        this.queue = queue;
        this.signals = signals;
        this.audit = audit;
        this.clock = clock;
        this.ids = ids;
        this.limits = limits;
    }

    @Override
    public List<SuggestionProposal> generateIdle(String scopeId, Instant now) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(now, "now");
        List<SuggestionSignal> current = readSignals(scopeId, now);
        List<Candidate> candidates = current.stream()
                .sorted(Comparator.comparingInt(SuggestionDefaults::priority))
                .map(s -> new Candidate(SuggestionDefaults.source(s.kind()), s.intent(), s.rationale(), s.riskLevel(),
                        s.proposedWorkItemId(), s.cooldownKey()))
                .toList();
        return admit(scopeId, candidates, now);
    }

    @Override
    public List<SuggestionProposal> generatePostExecution(String scopeId, WorkItemResult result) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonNull(result, "result");
        List<Candidate> candidates = new ArrayList<>();
        for (String step : result.nextSteps()) {
            String intent = step == null ? "" : step.strip();
            if (intent.isEmpty()) {
                continue;
            }
            if (intent.length() > MAX_INTENT_CHARS) {
                intent = intent.substring(0, MAX_INTENT_CHARS);
            }
            candidates.add(new Candidate(SuggestionSource.POST_EXECUTION, intent,
                    "Suggested as a next step after work item " + result.workItemId() + " ("
                            + result.status().name().toLowerCase(Locale.ROOT) + ").",
                    RiskLevel.LOW, null, nextStepKey(intent)));
        }
        return admit(scopeId, candidates, clock.instant());
    }

    @Override
    public boolean markHandled(String scopeId, String suggestionId, SuggestionOutcome outcome) {
        return markHandled(scopeId, suggestionId, outcome, clock.instant());
    }

    @Override
    public synchronized boolean markHandled(String scopeId, String suggestionId, SuggestionOutcome outcome,
                                            Instant now) {
        Checks.nonNull(now, "now");
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonBlank(suggestionId, "suggestion_id");
        Checks.nonNull(outcome, "outcome");
        Optional<SuggestionProposal> pending = queue.pendingSuggestions(scopeId).stream()
                .filter(s -> s.suggestionId().equals(suggestionId)).findFirst();
        if (pending.isEmpty() || !queue.resolveSuggestion(scopeId, suggestionId)) {
            return false;
        }
        ledger(scopeId, now).handled(pending.get().cooldownKey(), now);
        audit.append(EVENT_HANDLED, AuditData.scope(scopeId).put("suggestion_id", suggestionId)
                .put("outcome", outcome.name().toLowerCase(Locale.ROOT)));
        return true;
    }

    private synchronized List<SuggestionProposal> admit(String scopeId, List<Candidate> candidates, Instant now) {
        SuggestionLedger ledger = ledger(scopeId, now);
        List<SuggestionProposal> pending = queue.pendingSuggestions(scopeId);
        List<String> pendingKeys = new ArrayList<>(pending.stream().map(SuggestionProposal::cooldownKey).toList());
        int pendingCount = pending.size();
        List<SuggestionProposal> queued = new ArrayList<>();
        for (Candidate c : candidates) {
            if (pendingCount >= limits.maxPendingPerScope() || ledger.generatedInLastHour(now) >= limits.perHour()) {
                break;
            }
            if (pendingKeys.contains(c.cooldownKey()) || ledger.suppressed(c.cooldownKey(), now)) {
                continue;
            }
            SuggestionProposal proposal = new SuggestionProposal(ids.next(), scopeId, c.source(), c.intent(),
                    c.rationale(), c.riskLevel(), c.proposedWorkItemId(), c.cooldownKey(), now);
            queue.addSuggestion(proposal);
            ledger.generated(c.cooldownKey(), now);
            pendingKeys.add(c.cooldownKey());
            pendingCount++;
            audit.append(EVENT_GENERATED, AuditData.scope(scopeId).put("suggestion_id", proposal.suggestionId())
                    .put("source", c.source().name().toLowerCase(Locale.ROOT)));
            queued.add(proposal);
        }
        return List.copyOf(queued);
    }

    private SuggestionLedger ledger(String scopeId, Instant now) {
        SuggestionLedger ledger = ledgers.computeIfAbsent(scopeId, s -> SuggestionLedger.seeded(limits,
                queue.pendingSuggestions(s)));
        ledger.prune(now);
        return ledger;
    }

    private List<SuggestionSignal> readSignals(String scopeId, Instant now) {
        try {
            List<SuggestionSignal> current = signals.signals(scopeId, now);
            return current == null ? List.of() : List.copyOf(current);
        } catch (RuntimeException e) {
            LOG.warn("suggestion signals failed for a scope: {}", e.getClass().getName());
            audit.append("suggestion_signals_failed", AuditData.scope(scopeId).put("error", e.getClass().getName()));
            return List.of();
        }
    }

    /** The cooldown key of a next step: a hash of its normalised text, so keys carry no text. */
    static String nextStepKey(String step) {
        String normalised = step.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return "next_step:" + Hashes.sha256Hex(normalised).substring(0, 32);
    }

    /** A suggestion before admission. */
    private record Candidate(SuggestionSource source, String intent, String rationale, RiskLevel riskLevel,
                             @Nullable String proposedWorkItemId, String cooldownKey) {
    }
}
