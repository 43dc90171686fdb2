package io.silas.core.proactivity;

import static io.silas.core.trust.NonceStoreContract.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.RiskLevel;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ReviewQueueStore} must show (docs/contracts.md#startup-and-rehydration,
 * #proactivity-and-autonomy): typed pending items per scope and kind in the order added, single resolution, and no
 * reads or resolutions across scopes. Subclasses implement {@link #newStore()}:
 *
 * <pre>{@code
 * class InMemoryReviewQueueStoreTest extends ReviewQueueStoreContract {
 *     @Override protected ReviewQueueStore newStore() { return ReviewQueueStore.inMemory(); }
 * }
 * }</pre>
 */
public abstract class ReviewQueueStoreContract {
    private ReviewQueueStore store;

    /** Returns a new, empty store. */
    protected abstract ReviewQueueStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** The sample suggestion with another id and scope. */
    protected static SuggestionProposal suggestion(String id, String scope) {
        SuggestionProposal s = ProactivitySamples.suggestion();
        return new SuggestionProposal(id, scope, s.source(), s.intent(), s.rationale(), s.riskLevel(),
                s.proposedWorkItemId(), s.cooldownKey(), s.createdAt());
    }

    /** The sample widen proposal with another id and scope. */
    protected static AutonomyThresholdProposal proposal(String id, String scope) {
        AutonomyThresholdProposal p = ProactivitySamples.widenProposal();
        return new AutonomyThresholdProposal(id, scope, p.goalId(), p.changes(), p.sampleSize(), p.correctionRate(),
                p.evidenceWindow(), p.rationale(), p.riskLevel(), p.createdAt());
    }

    /** The sample batch with another id. */
    protected static BatchProposal batch(String id) {
        BatchProposal b = ProactivitySamples.batch();
        return new BatchProposal(id, b.goalId(), b.action(), b.items(), b.reasonSummary(), b.confidenceMin(),
                b.createdAt());
    }

    private static void assertInvalid(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void emptyQueue_nothingPending() {
        assertThat(store.pendingBatches("owner")).isEmpty();
        assertThat(store.pendingSuggestions("owner")).isEmpty();
        assertThat(store.pendingAutonomyProposals("owner")).isEmpty();
        assertThat(store.pendingScopes()).isEmpty();
    }

    @Test
    void add_thenPending_roundTripsEveryKindExactly() {
        BatchProposal batch = ProactivitySamples.batch();
        SuggestionProposal suggestion = ProactivitySamples.suggestion();
        AutonomyThresholdProposal proposal = ProactivitySamples.widenProposal();

        store.addBatch("owner", batch);
        store.addSuggestion(suggestion);
        store.addAutonomyProposal(proposal);

        assertThat(store.pendingBatches("owner")).containsExactly(batch);
        assertThat(store.pendingSuggestions("owner")).containsExactly(suggestion);
        assertThat(store.pendingAutonomyProposals("owner")).containsExactly(proposal);
        assertThat(store.pendingScopes()).containsExactly("owner");
    }

    @Test
    void pending_keepsTheOrderItemsWereAdded() {
        store.addSuggestion(suggestion("s-z", "owner"));
        store.addSuggestion(suggestion("s-a", "owner"));
        store.addSuggestion(suggestion("s-m", "owner"));

        assertThat(store.pendingSuggestions("owner")).extracting(SuggestionProposal::suggestionId)
                .containsExactly("s-z", "s-a", "s-m");
    }

    @Test
    void kinds_areSeparate_sameIdInTwoKindsIsTwoItems() {
        store.addBatch("owner", batch("x-1"));
        store.addSuggestion(suggestion("x-1", "owner"));
        store.addAutonomyProposal(proposal("x-1", "owner"));

        assertThat(store.resolveSuggestion("owner", "x-1")).isTrue();

        assertThat(store.pendingBatches("owner")).hasSize(1);
        assertThat(store.pendingSuggestions("owner")).isEmpty();
        assertThat(store.pendingAutonomyProposals("owner")).hasSize(1);
    }

    @Test
    void resolve_removesOnce_secondResolveIsFalse() {
        store.addBatch("owner", batch("b-1"));
        store.addBatch("owner", batch("b-2"));
        store.addAutonomyProposal(proposal("p-1", "owner"));

        assertThat(store.resolveBatch("owner", "b-1")).isTrue();
        assertThat(store.resolveBatch("owner", "b-1")).isFalse();
        assertThat(store.resolveAutonomyProposal("owner", "p-1")).isTrue();
        assertThat(store.resolveAutonomyProposal("owner", "p-1")).isFalse();
        assertThat(store.resolveSuggestion("owner", "never-added")).isFalse();

        assertThat(store.pendingBatches("owner")).extracting(BatchProposal::batchId).containsExactly("b-2");
        assertThat(store.pendingAutonomyProposals("owner")).isEmpty();
    }

    @Test
    void resolve_racingAnswers_exactlyOneWins() throws Exception {
        store.addAutonomyProposal(proposal("p-1", "owner"));

        List<Boolean> results = runConcurrently(8, t -> store.resolveAutonomyProposal("owner", "p-1"));

        assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
    }

    @Test
    void add_idAlreadyPending_rejectedAndNothingChanged() {
        store.addSuggestion(suggestion("s-1", "owner"));
        SuggestionProposal clash = new SuggestionProposal("s-1", "owner", SuggestionSource.IDLE_HEARTBEAT, "Something else", "",
                RiskLevel.LOW, null, "other", ProactivitySamples.CREATED);

        assertInvalid(() -> store.addSuggestion(clash));

        assertThat(store.pendingSuggestions("owner")).containsExactly(suggestion("s-1", "owner"));
    }

    @Test
    void add_afterResolve_queuesAgain() {
        store.addBatch("owner", batch("b-1"));
        store.resolveBatch("owner", "b-1");

        store.addBatch("owner", batch("b-1"));

        assertThat(store.pendingBatches("owner")).containsExactly(batch("b-1"));
    }

    @Test
    void scopes_areIsolated_forReadsAndResolutions() {
        store.addBatch("conn-1", batch("b-1"));
        store.addSuggestion(suggestion("s-1", "conn-1"));
        store.addAutonomyProposal(proposal("p-1", "conn-1"));
        store.addSuggestion(suggestion("s-1", "conn-2"));

        assertThat(store.pendingBatches("conn-2")).isEmpty();
        assertThat(store.pendingAutonomyProposals("conn-2")).isEmpty();
        assertThat(store.resolveBatch("conn-2", "b-1")).isFalse();
        assertThat(store.resolveAutonomyProposal("conn-2", "p-1")).isFalse();
        assertThat(store.resolveSuggestion("conn-2", "s-1")).isTrue();

        assertThat(store.pendingSuggestions("conn-1")).containsExactly(suggestion("s-1", "conn-1"));
        assertThat(store.pendingBatches("conn-1")).hasSize(1);
        assertThat(store.pendingAutonomyProposals("conn-1")).hasSize(1);
        assertThat(store.pendingSuggestions("conn-2")).isEmpty();
    }

    @Test
    void pendingScopes_listsScopesWithAnyPendingItem_sorted() {
        store.addSuggestion(suggestion("s-1", "owner"));
        store.addBatch("conn-9", batch("b-1"));
        store.addAutonomyProposal(proposal("p-1", "conn-10"));

        assertThat(store.pendingScopes()).containsExactly("conn-10", "conn-9", "owner");

        store.resolveBatch("conn-9", "b-1");
        assertThat(store.pendingScopes()).containsExactly("conn-10", "owner");
    }

    @Test
    void arguments_invalid_rejected() {
        assertInvalid(() -> store.addBatch(" ", batch("b-1")));
        assertInvalid(() -> store.addBatch("owner", null));
        assertInvalid(() -> store.addSuggestion(null));
        assertInvalid(() -> store.addAutonomyProposal(null));
        assertInvalid(() -> store.pendingBatches(null));
        assertInvalid(() -> store.pendingSuggestions(""));
        assertInvalid(() -> store.pendingAutonomyProposals(" "));
        assertInvalid(() -> store.resolveBatch("owner", null));
        assertInvalid(() -> store.resolveSuggestion(null, "s"));
        assertInvalid(() -> store.resolveAutonomyProposal("owner", " "));
        assertThat(store.pendingScopes()).isEmpty();
    }

    @Test
    void decideBatch_removesPending_andKeepsBatchWithDecision() {
        store.addBatch("owner", batch("b-1"));
        store.addBatch("owner", batch("b-2"));
        BatchActionDecision edit = new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION, List.of("m3", "m1"));

        assertThat(store.decideBatch("owner", "b-1", edit)).isTrue();
        assertThat(store.decideBatch("owner", "b-1", BatchActionDecision.decline())).as("already decided").isFalse();

        assertThat(store.pendingBatches("owner")).extracting(BatchProposal::batchId).containsExactly("b-2");
        assertThat(store.decidedBatch("owner", "b-1")).contains(new DecidedBatch(batch("b-1"), edit));
        assertThat(store.decidedBatch("owner", "b-2")).isEmpty();
    }

    @Test
    void decideBatch_unknownOrOtherScope_falseAndNothingRecorded() {
        store.addBatch("conn-1", batch("b-1"));

        assertThat(store.decideBatch("conn-2", "b-1", BatchActionDecision.decline())).isFalse();
        assertThat(store.decideBatch("conn-1", "nope", BatchActionDecision.decline())).isFalse();

        assertThat(store.pendingBatches("conn-1")).hasSize(1);
        assertThat(store.decidedBatch("conn-2", "b-1")).isEmpty();
        assertThat(store.decidedBatch("conn-1", "b-1")).isEmpty();
    }

    @Test
    void decideBatch_editNotAStrictSubset_rejectedAndStillPending() {
        store.addBatch("owner", batch("b-1"));

        assertInvalid(() -> store.decideBatch("owner", "b-1", new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION,
                List.of("m1", "m2", "m3"))));
        assertInvalid(() -> store.decideBatch("owner", "b-1", new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION,
                List.of("m9"))));
        assertInvalid(() -> store.decideBatch("owner", "b-1", null));

        assertThat(store.pendingBatches("owner")).containsExactly(batch("b-1"));
        assertThat(store.decidedBatch("owner", "b-1")).isEmpty();
    }

    @Test
    void decideBatch_requeuedAndDecidedAgain_latestDecisionKept() {
        store.addBatch("owner", batch("b-1"));
        store.decideBatch("owner", "b-1", BatchActionDecision.decline());
        store.addBatch("owner", batch("b-1"));
        BatchActionDecision approve = new BatchActionDecision(BatchActionVerdict.APPROVE, List.of());

        assertThat(store.decideBatch("owner", "b-1", approve)).isTrue();

        assertThat(store.decidedBatch("owner", "b-1").orElseThrow().decision()).isEqualTo(approve);
        assertThat(store.pendingScopes()).isEmpty();
    }

    @Test
    void decideBatch_racingAnswers_exactlyOneRecorded() throws Exception {
        store.addBatch("owner", batch("b-1"));

        List<Boolean> results = runConcurrently(8, t -> store.decideBatch("owner", "b-1",
                t == 0 ? BatchActionDecision.decline() : new BatchActionDecision(BatchActionVerdict.APPROVE, List.of())));

        assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(store.decidedBatch("owner", "b-1")).isPresent();
    }

    @Test
    void add_concurrently8Threads500Each_noLostOrDuplicatedItems() throws Exception {
        int perThread = 500;

        runConcurrently(8, t -> {
            for (int i = 0; i < perThread; i++) {
                store.addSuggestion(suggestion("t" + t + "-" + i, "owner"));
            }
            return null;
        });

        List<String> ids = store.pendingSuggestions("owner").stream().map(SuggestionProposal::suggestionId).toList();
        assertThat(ids).hasSize(8 * perThread).doesNotHaveDuplicates();
        for (int t = 0; t < 8; t++) {
            String prefix = "t" + t + "-";
            assertThat(ids.stream().filter(id -> id.startsWith(prefix)).toList())
                    .as("per-thread add order")
                    .containsExactlyElementsOf(IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
        }
    }
}
