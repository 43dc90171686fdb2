package io.silas.core.channel;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Sends a {@link Card} to one recipient and resolves its answer, always within the card's timeout and always
 * to one of the card's values (docs/contracts.md#stream-and-turns, #cards). The Stream sends every
 * approval-class card to the owner's connection ({@link OwnerChannel#primary()}), never to a message's sender.
 *
 * <p>Rules shared by every implementation:
 * <ul>
 *   <li>An answer counts only when it comes from the recipient the card was sent to; an answer naming the card
 *       from any other connection is ignored and the card stays pending.</li>
 *   <li>A text reply counts only when it was classified {@code owner} before it was offered
 *       ({@link #offerMessage}); each answer reports how it was authenticated
 *       ({@link CardAnswer#authentication()}).</li>
 *   <li>An unknown value resolves to the card's {@link Card#safeValue() safe value}
 *       ({@link CardAnswer.Source#INVALID}).</li>
 *   <li>No answer by {@code sent + timeout} on the injected clock → safe value
 *       ({@link CardAnswer.Source#TIMEOUT}). The injected scheduler triggers {@link #expireDue()} at each
 *       deadline; hosts and tests may call it too.</li>
 *   <li>Delivery failure → safe value at once ({@link CardAnswer.Source#CHANNEL_FAILURE}); a disconnected
 *       recipient → safe value at once for all its cards ({@link CardAnswer.Source#DISCONNECTED}).</li>
 * </ul>
 *
 * <p>Implementations are thread-safe; each card resolves exactly once.
 *
 * <p><b>Security guarantees:</b> fail closed — every path other than a valid choice by the addressed
 * recipient yields the safe value (decline, block, not now).
 */
public interface CardPrompter {
    /**
     * Sends the card to {@code recipientId}.
     *
     * @param recipientId the recipient id
     * @param card the card
     * @return a future that always completes normally with an answer whose value is one of the card's values
     */
    CompletableFuture<CardAnswer> prompt(String recipientId, Card card);

    /**
     * Reports a tap: {@code fromRecipientId} chose {@code value} on {@code cardId}.
     *
     * @param fromRecipientId the from recipient id
     * @param cardId the card answered
     * @param value the new value
     * @return whether it resolved a pending card (false for unknown cards and foreign recipients)
     */
    boolean answer(String fromRecipientId, String cardId, String value);

    /**
     * Offers an inbound text message of {@code fromRecipientId} as a card reply. Text-based prompters consume it
     * when the recipient has a pending card <em>and</em> {@code ownerSigned} is true; rich prompters never do.
     *
     * <p><b>Security guarantees:</b> {@code ownerSigned} must be the result of {@code MessageTrust} having classified
     * the message {@code owner} (valid signature, fresh nonce) <em>before</em> this call; an unsigned, replayed or
     * otherwise non-owner message is never consumed, so it can neither approve nor decline a pending card.
     *
     * @param fromRecipientId the from recipient id
     * @param text the text
     * @param ownerSigned the owner signed
     * @return whether the message was consumed as a card reply (then it is not a new turn)
     */
    boolean offerMessage(String fromRecipientId, String text, boolean ownerSigned);

    /**
     * {@return whether a text message of {@code recipientId} would be taken as a card reply (a text prompter with a pending
     * card for it); the Stream then classifies the message's trust before offering it} Rich prompters: false.
     *
     * @param recipientId the recipient id
     */
    default boolean awaitsTextReply(String recipientId) {
        return false;
    }

    /**
     * Resolves every pending card of the recipient with its safe value.
     *
     * @param recipientId the recipient id
     */
    void disconnected(String recipientId);

    /**
     * Resolves every card whose deadline has passed with its safe value.
     *
     * @return how many cards timed out
     */
    int expireDue();

    /**
     * Resolves every pending card, of every recipient, with its safe value ({@link CardAnswer.Source#SHUTDOWN}):
     * plan approval declined, gate approval blocked, batch and autonomy decline, suggestion not now, setup cancelled,
     * secure input failed. Called by the Stream's graceful drain; cards prompted afterwards stay pending as usual.
     *
     * @return how many cards were resolved
     */
    int resolveAllPending();

    /**
     * Cards sent and not yet resolved.
     *
     * @return the int
     */
    int pendingCount();

    /**
     * Prompts through a rich channel: the host reports taps with {@link #answer}.
     *
     * @param channel source channel, e.g. {@code web}, {@code telegram}, {@code cli}, {@code webhook}
     * @param clock the clock to read time from
     * @param scheduler the job scheduler
     * @return the card prompter
     */
    static CardPrompter rich(RichCardChannel channel, Clock clock, ScheduledExecutorService scheduler) {
        return new RichCardPrompter(channel, clock, scheduler);
    }

    /**
     * Prompts as numbered text on a plain channel; see {@link TextCardFallback}.
     *
     * @param channel source channel, e.g. {@code web}, {@code telegram}, {@code cli}, {@code webhook}
     * @param clock the clock to read time from
     * @param scheduler the job scheduler
     * @return the card prompter
     */
    static CardPrompter text(ChannelAdapter channel, Clock clock, ScheduledExecutorService scheduler) {
        return new TextCardFallback(channel, clock, scheduler);
    }
}
