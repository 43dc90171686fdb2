package io.silas.core.stream;

import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.channel.OwnerClaim;
import io.silas.core.channel.SignedMessage;
import io.silas.core.error.SilasException;
import io.silas.core.observe.SilasMeter;
import io.silas.core.trust.TrustDecision;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Admission as one straight line (docs/contracts.md#startup-and-rehydration, #admission-and-rate-limits): <b>check</b>
 * the owner signature once ({@code MessageTrust.check}) → refuse what is too large → offer an owner reply to a pending
 * text card → <b>admit</b> ({@link Admission}: drain, rate limits, a held place in the scope's bounded queue) →
 * <b>record</b> the message with its trust decision in the durable inbox ({@link DurableInbox#record}; the nonce is
 * consumed here) → <b>queue</b> it in the held place → <b>run</b> the turn ({@link DurableInbox#run}). Nothing calls
 * back into the {@link Stream}.
 *
 * <p>A refused message gets no row and consumes no nonce; a row that cannot be written gives its place back and
 * fails the stage with the store's error. Record and queue of one scope happen under one lock (striped), so a
 * scope's row order is its queue order; the turn never waits for its row, because it is queued only once the row
 * exists. Thread-safe.
 *
 * <p><b>Security guarantees:</b> the owner's lane is given only to a message whose signature, timestamp and unused
 * nonce were checked ({@link OwnerClaim#eligible()}); trust itself comes only from classifying that same claim, which
 * consumes the nonce at most once; a card is answered by a text reply only when the reply is classified
 * {@code owner}.
 */
final class Intake {
    private static final int STRIPES = 64;

    private final Basics deps;
    private final MessageTrust trust;
    private final @Nullable CardPrompter cards;
    private final InputLimits inputLimits;
    private final Admission admission;
    private final DurableInbox inbox;
    private final Object[] stripes = new Object[STRIPES];

    Intake(Basics deps, MessageTrust trust, @Nullable CardPrompter cards, InputLimits inputLimits, Admission admission,
           DurableInbox inbox) {
        this.deps = deps;
        this.trust = trust;
        this.cards = cards;
        this.inputLimits = inputLimits;
        this.admission = admission;
        this.inbox = inbox;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Takes one inbound message through the line.
     *
     * @return the turn's stage, failed at once for a refusal; a card reply completes at once with turn number 0
     * @throws SilasException {@code INVALID_INPUT} for a blank connection id or client address
     */
    CompletableFuture<TurnResult> submit(ChannelMessage message, @Nullable SignedMessage signed, String connectionId,
                                         @Nullable String clientAddress) {
        if (connectionId == null || connectionId.isBlank()) {
            throw SilasException.invalid("connection_id", "must not be blank");
        }
        if (clientAddress != null && clientAddress.isBlank()) {
            throw SilasException.invalid("client_address", "must not be blank when given");
        }
        String scopeId = deps.config().scopeIdFor(connectionId);
        SilasException tooLarge = inputLimits.refuseMessage(connectionId, scopeId, message);
        if (tooLarge != null) {
            deps.ops().observer().count(SilasMeter.MESSAGES, "too_large");
            return CompletableFuture.failedFuture(tooLarge);
        }
        OwnerClaim claim = signed == null ? null : trust.check(signed);
        if (!admission.draining() && cards != null && cards.awaitsTextReply(connectionId)) {
            TrustDecision classified = claim != null ? trust.classify(claim) : trust.classify(message);
            if (classified.isOwner() && cards.offerMessage(connectionId, message.text(), true)) {
                deps.ops().limits().cardSubmission(scopeId); // a decision: counted, never refused
                return CompletableFuture.completedFuture(new TurnResult(connectionId, scopeId, 0, "", null, null,
                        null, false, TurnResult.PlanStatus.NONE, null, TurnResult.noExecution()));
            }
            return line(connectionId, scopeId, message, clientAddress, classified.isOwner(), () -> classified);
        }
        if (claim != null) {
            return line(connectionId, scopeId, message, clientAddress, claim.eligible(),
                    () -> trust.classify(claim));
        }
        return line(connectionId, scopeId, message, clientAddress, false, () -> trust.classify(message));
    }

    /**
     * Queues a message the owner released (gate approval) as a new turn of its scope with the trust it was admitted
     * with; a refusal (busy, draining) is audited and the sender told, like any refused message.
     */
    void resubmit(InboxEntry entry) {
        line(entry.connectionId(), entry.scopeId(), entry.message(), null, entry.trust().isOwner(), entry::trust);
    }

    /** Admit → record → queue → run. */
    private CompletableFuture<TurnResult> line(String connectionId, String scopeId, ChannelMessage message,
                                               @Nullable String address, boolean ownerLane,
                                               Supplier<TrustDecision> trust) {
        inbox.replayOnce();
        synchronized (stripes[Math.floorMod(scopeId.hashCode(), STRIPES)]) {
            ConnectionWorkers.Reservation place;
            try {
                place = admission.admit(connectionId, scopeId, address, ownerLane);
            } catch (SilasException refused) {
                return CompletableFuture.failedFuture(refused); // no row, no nonce
            }
            InboxEntry entry;
            try {
                TrustDecision decision = trust.get();
                if (decision.reason() == TrustDecision.Reason.REPLAYED_NONCE) {
                    deps.ops().observer().count(SilasMeter.NONCE_REPLAYS, null);
                }
                entry = inbox.record(scopeId, connectionId, message, decision);
            } catch (RuntimeException e) {
                place.release();
                return CompletableFuture.failedFuture(e);
            }
            deps.ops().observer().count(SilasMeter.MESSAGES, "admitted");
            return inbox.queue(entry, place);
        }
    }
}
