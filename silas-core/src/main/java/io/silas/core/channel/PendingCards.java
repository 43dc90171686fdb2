package io.silas.core.channel;

import io.silas.core.error.SilasException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pending-card book-keeping shared by the prompters: deadlines on the injected clock, recipient binding,
 * exactly-once resolution. State is guarded by {@code this}; futures are completed outside the lock.
 */
abstract class PendingCards implements CardPrompter {
    private static final Logger LOG = LoggerFactory.getLogger(PendingCards.class);

    /** One sent card awaiting its answer. */
    static final class Pending {
        final String recipientId;
        final Card card;
        final Instant deadline;
        final CompletableFuture<CardAnswer> future = new CompletableFuture<>();
        @Nullable ScheduledFuture<?> timer;

        Pending(String recipientId, Card card, Instant deadline) {
            this.recipientId = recipientId;
            this.card = card;
            this.deadline = deadline;
        }
    }

    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    /** Insertion order = send order, so the oldest pending card of a recipient is found first. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    PendingCards(Clock clock, ScheduledExecutorService scheduler) {
        if (clock == null || scheduler == null) {
            throw SilasException.invalid(clock == null ? "clock" : "scheduler", "is required");
        }
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Delivers the card; throwing means delivery failed. */
    abstract void deliver(String recipientId, Card card);

    @Override
    public final CompletableFuture<CardAnswer> prompt(String recipientId, Card card) {
        if (recipientId == null || recipientId.isBlank()) {
            throw SilasException.invalid("recipient_id", "must not be blank");
        }
        if (card == null) {
            throw SilasException.invalid("card", "is required");
        }
        Pending entry = new Pending(recipientId, card, clock.instant().plus(card.timeout()));
        synchronized (this) {
            if (pending.containsKey(card.cardId())) {
                throw SilasException.invalid("card_id", "a card with this id is already pending");
            }
            pending.put(card.cardId(), entry);
        }
        try {
            deliver(recipientId, card);
        } catch (RuntimeException e) {
            LOG.warn("card {} could not be delivered ({}); applying its safe value", card.cardId(),
                    e.getClass().getSimpleName());
            resolve(card.cardId(), card.safeValue(), CardAnswer.Source.CHANNEL_FAILURE);
            return entry.future;
        }
        schedule(entry, card.timeout());
        return entry.future;
    }

    @Override
    public boolean answer(String fromRecipientId, String cardId, String value) {
        Pending entry;
        synchronized (this) {
            entry = pending.get(cardId);
            if (entry == null || !entry.recipientId.equals(fromRecipientId)) {
                return false;
            }
        }
        boolean known = value != null && entry.card.action(value) != null;
        return resolve(cardId, known ? value : entry.card.safeValue(),
                known ? CardAnswer.Source.USER : CardAnswer.Source.INVALID, CardAnswer.Authentication.CONNECTION_TAP);
    }

    @Override
    public void disconnected(String recipientId) {
        for (Pending entry : snapshot()) {
            if (entry.recipientId.equals(recipientId)) {
                resolve(entry.card.cardId(), entry.card.safeValue(), CardAnswer.Source.DISCONNECTED);
            }
        }
    }

    @Override
    public int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        for (Pending entry : snapshot()) {
            if (!now.isBefore(entry.deadline)
                    && resolve(entry.card.cardId(), entry.card.safeValue(), CardAnswer.Source.TIMEOUT)) {
                expired++;
            }
        }
        return expired;
    }

    @Override
    public int resolveAllPending() {
        int resolved = 0;
        for (Pending entry : snapshot()) {
            if (resolve(entry.card.cardId(), entry.card.safeValue(), CardAnswer.Source.SHUTDOWN)) {
                resolved++;
            }
        }
        return resolved;
    }

    @Override
    public final synchronized int pendingCount() {
        return pending.size();
    }

    /** The oldest pending card sent to the recipient, if any. */
    final synchronized @Nullable Pending oldestFor(String recipientId) {
        for (Pending entry : pending.values()) {
            if (entry.recipientId.equals(recipientId)) {
                return entry;
            }
        }
        return null;
    }

    /** Completes the card once, unauthenticated (a default); returns false if it was no longer pending. */
    final boolean resolve(String cardId, String value, CardAnswer.Source source) {
        return resolve(cardId, value, source, CardAnswer.Authentication.NONE);
    }

    /** Completes the card once; returns false if it was no longer pending. */
    final boolean resolve(String cardId, String value, CardAnswer.Source source,
                          CardAnswer.Authentication authentication) {
        Pending entry;
        synchronized (this) {
            entry = pending.remove(cardId);
        }
        if (entry == null) {
            return false;
        }
        ScheduledFuture<?> timer = entry.timer;
        if (timer != null) {
            timer.cancel(false);
        }
        entry.future.complete(new CardAnswer(cardId, value, source,
                source == CardAnswer.Source.USER ? authentication : CardAnswer.Authentication.NONE));
        return true;
    }

    private synchronized List<Pending> snapshot() {
        return new ArrayList<>(pending.values());
    }

    /** Fires at the deadline; if the clock says it is not yet due (skew), waits for the remainder. */
    private void schedule(Pending entry, Duration delay) {
        try {
            ScheduledFuture<?> timer = scheduler.schedule(() -> onTimer(entry), Math.max(1, delay.toMillis()),
                    TimeUnit.MILLISECONDS);
            boolean stillPending;
            synchronized (this) {
                entry.timer = timer;
                stillPending = pending.get(entry.card.cardId()) == entry;
            }
            if (!stillPending) {
                timer.cancel(false);
            }
        } catch (RejectedExecutionException e) {
            LOG.warn("card timer could not be scheduled; card {} resolves only on expireDue()", entry.card.cardId());
        }
    }

    private void onTimer(Pending entry) {
        Duration remaining = Duration.between(clock.instant(), entry.deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            resolve(entry.card.cardId(), entry.card.safeValue(), CardAnswer.Source.TIMEOUT);
        } else if (isPending(entry)) {
            schedule(entry, remaining);
        }
    }

    private synchronized boolean isPending(Pending entry) {
        return pending.get(entry.card.cardId()) == entry;
    }
}
