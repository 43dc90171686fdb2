package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.AutonomyReviewCard;
import io.silas.core.channel.Card;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.OwnerChannel;
import io.silas.core.channel.RichCardChannel;
import io.silas.core.config.SilasConfig;
import io.silas.core.proactivity.AutonomyCalibrator;
import io.silas.core.proactivity.AutonomyThresholds;
import io.silas.core.proactivity.CorrectionOutcome;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.proactivity.ActiveScope;
import io.silas.proactivity.Heartbeats;
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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outsider — a customer on its own scope's connection — against the one approval flow
 * ({@code OwnerApprovals}) on the path autonomy proposals now take through it: the heartbeat's autonomy card
 * goes to the owner; the customer taps "approve" with the card's id (it saw the id leak, or guesses it), or makes
 * the owner's card end in a channel default. Promise (docs/threat-model.md#promise-1: approvals are signed only from an
 * owner-authenticated answer, for exactly the subject shown): the scope's autonomy thresholds never widen and no
 * approval token is ever signed. Real SQLite stores, real Ed25519 keys, the public Proactivity API.
 */
class OutsiderApprovalFlowAttackTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final String CUSTOMER_SCOPE = "team";
    private static final String CUSTOMER_CONNECTION = "conn-team";
    private static final String OWNER = "owner-console";
    private static final String FAMILY = "email.archive";

    @TempDir
    Path dir;

    private final SilasConfig config = SilasConfig.defaults();
    private final MutableClock clock = new MutableClock(START);
    private final AuditLog audit = AuditLog.inMemory(clock);
    private final Cards channel = new Cards();
    private ScheduledThreadPoolExecutor timers;
    private SqliteStores stores;
    private CardPrompter prompter;
    private AutonomyCalibrator calibrator;
    private ManualScheduler scheduler;

    @BeforeEach
    void setUp() {
        timers = new ScheduledThreadPoolExecutor(1);
        stores = SqliteStores.open(dir.resolve("silas.db"), clock);
        prompter = CardPrompter.rich(channel, clock, timers);
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(stores.nonceStore()).audit(audit).clock(clock).build();
        calibrator = Proactivity.calibrator(config, AutonomyThresholds.baseline(config), stores.reviewQueueStore(),
                approvals, audit, clock, IdGenerator.random());
        scheduler = Proactivity.manualScheduler(ZoneOffset.UTC, clock, audit);
        Heartbeats heartbeats = Proactivity.heartbeats(config,
                        ScopeDirectory.of(List.of(new ActiveScope(CUSTOMER_SCOPE, CUSTOMER_CONNECTION))), prompter,
                        audit, clock)
                .autonomy(calibrator, approvals).build();
        heartbeats.register(scheduler, OwnerChannel.of(OWNER));
        for (int i = 0; i < 30; i++) {
            calibrator.recordOutcome(CUSTOMER_SCOPE, FAMILY, CorrectionOutcome.APPROVED);
        }
        clock.set(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(scheduler.tick()).contains(Heartbeats.AUTONOMY_JOB);
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        timers.shutdownNow();
        stores.close();
    }

    @Test
    void customerTapsApproveOnTheAutonomyCard_thresholdsNeverWidenAndNothingIsSigned() {
        AutonomyReviewCard card = autonomyCard();

        boolean taken = prompter.answer(CUSTOMER_CONNECTION, card.cardId(), AutonomyReviewCard.APPROVE);
        clock.advance(Duration.ofSeconds(AutonomyReviewCard.DEFAULT_TIMEOUT_SECONDS));
        prompter.expireDue();

        assertThat(taken).as("a tap from the customer's connection does not answer the owner's card").isFalse();
        assertNeverWidened();
    }

    @Test
    void ownersAutonomyCardEndsInAChannelDefault_thresholdsNeverWidenAndNothingIsSigned() {
        autonomyCard();

        clock.advance(Duration.ofSeconds(AutonomyReviewCard.DEFAULT_TIMEOUT_SECONDS));
        prompter.expireDue();

        assertNeverWidened();
    }

    private void assertNeverWidened() {
        assertThat(calibrator.thresholds(CUSTOMER_SCOPE)).isEqualTo(AutonomyThresholds.baseline(config));
        assertThat(audit.findByEvent(AutonomyCalibrator.EVENT_CHANGED)).isEmpty();
        assertThat(audit.findByEvent(ApprovalEngine.EVENT_ISSUED)).as("no token signed").isEmpty();
        assertThat(audit.verifyChain().valid()).isTrue();
    }

    private AutonomyReviewCard autonomyCard() {
        List<AutonomyReviewCard> cards = channel.sent(OWNER).stream().filter(AutonomyReviewCard.class::isInstance)
                .map(AutonomyReviewCard.class::cast).toList();
        assertThat(cards).as("the autonomy card went to the owner only").hasSize(1);
        assertThat(channel.sent(CUSTOMER_CONNECTION)).isEmpty();
        return cards.get(0);
    }

    /** A rich channel that records which cards went to whom. */
    private static final class Cards implements RichCardChannel {
        private final List<String> recipients = new ArrayList<>();
        private final List<Card> cards = new ArrayList<>();

        @Override
        public String name() {
            return "cards";
        }

        @Override
        public synchronized void send(String recipientId, String text) {
        }

        @Override
        public synchronized void sendCard(String recipientId, Card card) {
            recipients.add(recipientId);
            cards.add(card);
        }

        synchronized List<Card> sent(String recipientId) {
            List<Card> to = new ArrayList<>();
            for (int i = 0; i < cards.size(); i++) {
                if (recipients.get(i).equals(recipientId)) {
                    to.add(cards.get(i));
                }
            }
            return to;
        }
    }
}
