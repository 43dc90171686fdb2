package io.silas.core.proactivity;

import io.silas.core.error.SilasException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** {@link ReviewQueueStore} in one insertion-ordered map per kind, guarded by the instance lock. */
final class InMemoryReviewQueueStore implements ReviewQueueStore {
    /** Identity of a queued item within one kind. */
    private record Key(String scopeId, String id) {
    }

    private final Map<Key, BatchProposal> batches = new LinkedHashMap<>();
    private final Map<Key, SuggestionProposal> suggestions = new LinkedHashMap<>();
    private final Map<Key, AutonomyThresholdProposal> proposals = new LinkedHashMap<>();
    private final Map<Key, DecidedBatch> decided = new HashMap<>();

    @Override
    public synchronized void addBatch(String scopeId, BatchProposal batch) {
        ReviewQueueStore.require(batch, "batch");
        add(batches, key(scopeId, batch.batchId(), "batch_id"), batch);
    }

    @Override
    public synchronized void addSuggestion(SuggestionProposal suggestion) {
        ReviewQueueStore.require(suggestion, "suggestion");
        add(suggestions, new Key(suggestion.scopeId(), suggestion.suggestionId()), suggestion);
    }

    @Override
    public synchronized void addAutonomyProposal(AutonomyThresholdProposal proposal) {
        ReviewQueueStore.require(proposal, "proposal");
        add(proposals, new Key(proposal.scopeId(), proposal.proposalId()), proposal);
    }

    @Override
    public synchronized List<BatchProposal> pendingBatches(String scopeId) {
        return pending(batches, scopeId);
    }

    @Override
    public synchronized List<SuggestionProposal> pendingSuggestions(String scopeId) {
        return pending(suggestions, scopeId);
    }

    @Override
    public synchronized List<AutonomyThresholdProposal> pendingAutonomyProposals(String scopeId) {
        return pending(proposals, scopeId);
    }

    @Override
    public synchronized boolean resolveBatch(String scopeId, String batchId) {
        return batches.remove(key(scopeId, batchId, "batch_id")) != null;
    }

    @Override
    public synchronized boolean decideBatch(String scopeId, String batchId, BatchActionDecision decision) {
        Key key = key(scopeId, batchId, "batch_id");
        ReviewQueueStore.require(decision, "decision");
        BatchProposal batch = batches.get(key);
        if (batch == null) {
            return false;
        }
        DecidedBatch record = new DecidedBatch(batch, decision);
        batches.remove(key);
        decided.put(key, record);
        return true;
    }

    @Override
    public synchronized Optional<DecidedBatch> decidedBatch(String scopeId, String batchId) {
        return Optional.ofNullable(decided.get(key(scopeId, batchId, "batch_id")));
    }

    @Override
    public synchronized boolean resolveSuggestion(String scopeId, String suggestionId) {
        return suggestions.remove(key(scopeId, suggestionId, "suggestion_id")) != null;
    }

    @Override
    public synchronized boolean resolveAutonomyProposal(String scopeId, String proposalId) {
        return proposals.remove(key(scopeId, proposalId, "proposal_id")) != null;
    }

    @Override
    public synchronized List<String> pendingScopes() {
        TreeSet<String> scopes = new TreeSet<>();
        for (Map<Key, ?> kind : List.of(batches, suggestions, proposals)) {
            kind.keySet().forEach(k -> scopes.add(k.scopeId()));
        }
        return List.copyOf(scopes);
    }

    private static <T> void add(Map<Key, T> kind, Key key, T item) {
        if (kind.putIfAbsent(key, item) != null) {
            throw SilasException.invalid("id", "already pending in this scope: " + key.id());
        }
    }

    private static <T> List<T> pending(Map<Key, T> kind, String scopeId) {
        ReviewQueueStore.require(scopeId, "scope_id");
        return kind.entrySet().stream().filter(e -> e.getKey().scopeId().equals(scopeId)).map(Map.Entry::getValue)
                .toList();
    }

    private static Key key(String scopeId, String id, String field) {
        return new Key(ReviewQueueStore.require(scopeId, "scope_id"), ReviewQueueStore.require(id, field));
    }
}
