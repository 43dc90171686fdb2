package io.silas.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.config.SilasConfig;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.BatchActionDecision;
import io.silas.core.proactivity.BatchActionItem;
import io.silas.core.proactivity.BatchActionVerdict;
import io.silas.core.proactivity.BatchProposal;
import io.silas.core.stream.Stream;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.gates.Gates;
import io.silas.proactivity.ActiveScope;
import io.silas.proactivity.ManualScheduler;
import io.silas.proactivity.Proactivity;
import io.silas.proactivity.ScopeDirectory;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pending batch reviews across a restart (docs/contracts.md#startup-and-rehydration item 8,
 * docs/contracts.md#batch-review): a first process queues them in the SQLite review queue and stops; a fresh Stream
 * over the same file re-sends each as a batch review card (numbered text on this plain channel) to the owner, naming
 * its scope, and the owner's signed reply is recorded as a {@code BatchActionDecision}. Nothing is executed.
 */
class StreamBatchReviewRestartTest {
    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);
    private final SigningKeys ownerKeys = SigningKeys.generate();
    private final SigningKeys approvalKeys = SigningKeys.generate();
    private final SilasConfig config = SilasConfig.parse("{}", name -> null);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static BatchProposal batch(String id, String firstTitle) {
        return new BatchProposal(id, "goal-inbox", "archive", List.of(
                new BatchActionItem("m1", firstTitle, "news@a", NOW, "older than a week", 0.95),
                new BatchActionItem("m2", "Invoice", "billing@b", NOW, "unusual sender", 0.55),
                new BatchActionItem("m3", "Digest", "news@c", NOW, "", 0.90)), "Old newsletters", 0.55, NOW);
    }

    @Test
    void restart_pendingBatchReviews_resentToOwner_replyRecordedAsDecision_nothingExecuted() throws Exception {
        try (SqliteStores first = SqliteStores.open(tmp.resolve("silas.db"), clock)) {
            first.reviewQueueStore().addBatch("a", batch("batch-a", "Alpha news"));
            first.reviewQueueStore().addBatch("b", batch("batch-b", "Bravo news"));
            first.reviewQueueStore().addBatch("z", batch("batch-z", "Zulu news"));
        }

        SqliteStores stores = SqliteStores.open(tmp.resolve("silas.db"), clock);
        open.add(stores);
        AuditLog audit = stores.auditLog();
        RecordingChannel channel = new RecordingChannel();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        open.add(() -> {
            pool.shutdownNow();
            timers.shutdownNow();
        });
        ManualScheduler scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, AuditLog.inMemory(clock));
        open.add(scheduler);
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(approvalKeys).nonceStore(stores.nonceStore())
                .audit(audit).clock(clock).build();
        CardPrompter cards = CardPrompter.text(channel, clock, timers);
        ScopeDirectory scopes = ScopeDirectory.of(List.of(new ActiveScope("a", "a"), new ActiveScope("b", "b")));
        Stream stream = Stream.builder().config(config).audit(audit)
                .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
                .proxy(StreamFixture.direct(t -> "noted: " + t))
                .gateRunner(Gates.runner().audit(audit).provider(Gates.predicate()).build())
                .messageTrust(MessageTrust.builder().ownerPublicKey(ownerKeys.publicKey())
                        .nonceStore(stores.nonceStore()).audit(audit).clock(clock).build())
                .channel(channel).turnExecutor(pool).backgroundExecutor(pool).clock(clock).approvals(approvals)
                .cardPrompter(cards).scheduler(scheduler)
                .heartbeats(Proactivity.heartbeats(config, scopes, cards, audit, clock)
                        .autonomy(Proactivity.calibrator(config, AutonomyThresholds.baseline(config),
                                stores.reviewQueueStore(), approvals, audit, clock, IdGenerator.random()), approvals)
                        .reviewQueue(stores.reviewQueueStore())
                        .build())
                .build();
        open.add(stream);

        stream.start();

        assertThat(channel.sentTo("owner")).hasSize(2);
        assertThat(channel.sentTo("owner").get(0)).contains("Alpha news").contains("For scope 'a'")
                .doesNotContain("Bravo news").contains("2. Only the 2 pre-checked");
        assertThat(channel.sentTo("owner").get(1)).contains("Bravo news").contains("For scope 'b'")
                .doesNotContain("Alpha");
        assertThat(channel.sentTo("a")).isEmpty();
        assertThat(channel.sentTo("b")).isEmpty();
        assertThat(channel.sentTo("z")).isEmpty();
        assertThat(audit.findByEvent("pending_reviews_resent")).singleElement()
                .satisfies(e -> assertThat(e.data().get("cards").asInt()).isEqualTo(2));

        stream.submit(new OwnerSigner(ownerKeys, clock).sign(ChannelMessage.of("web", "owner", "2", clock.instant())),
                "owner").toCompletableFuture().get(60, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(300));
        cards.expireDue();

        assertThat(stores.reviewQueueStore().decidedBatch("a", "batch-a").orElseThrow().decision())
                .isEqualTo(new BatchActionDecision(BatchActionVerdict.EDIT_SELECTION, List.of("m1", "m3")));
        assertThat(stores.reviewQueueStore().decidedBatch("b", "batch-b").orElseThrow().decision())
                .as("timeout declines").isEqualTo(BatchActionDecision.decline());
        assertThat(stores.reviewQueueStore().pendingBatches("z")).hasSize(1);
        assertThat(stores.reviewQueueStore().pendingScopes()).containsExactly("z");
        assertThat(audit.findByEvent("batch_review_decided")).hasSize(2);
        assertThat(audit.findByEvent("approval_issued")).as("nothing approved or executed").isEmpty();
        assertThat(channel.sentTo("owner")).as("the card reply is not a turn").hasSize(2);
    }
}
