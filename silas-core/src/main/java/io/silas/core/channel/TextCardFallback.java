package io.silas.core.channel;

import io.silas.core.error.SilasException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@link CardPrompter} for plain-text channels (docs/contracts.md#stream-and-turns): the card goes out as text with
 * numbered options, and the <b>next owner-signed message of that connection</b> is its answer (the Stream classifies a
 * message's trust before offering it; an unsigned or replayed message is a normal turn and leaves the card pending).
 *
 * <p>Prompt format:
 * <pre>
 * [Decision needed] {intent}
 * Risk: {risk_level}
 * {rationale}
 * {details, if any}
 * {for a plan approval: its plan hash and every line of its PlanContents}
 * Reply with a number:
 * 1. {consequence label}
 * 2. ...
 * No reply within {timeout} s: {safe option label}.
 * </pre>
 *
 * <p>Reply parsing ({@link #offerMessage}): the oldest pending card of the sender is answered by the option
 * number ({@code "1"}, {@code "2."}), the option value or its label (case-insensitive, surrounding blanks and
 * trailing punctuation ignored). Any other reply resolves the card to its safe value — the message is still
 * consumed, so a stray message can only ever decline, never approve. Timeouts fail closed as for every
 * {@link CardPrompter}. Thread-safe.
 *
 * <p><b>Security guarantees:</b> only the addressed connection's owner-signed messages are considered; an
 * unparseable reply, a timeout or a delivery failure all yield the safe value.
 */
public final class TextCardFallback extends PendingCards {
    private static final Pattern TRAILING = Pattern.compile("[\\s.!?)]+$");
    private final ChannelAdapter channel;

    TextCardFallback(ChannelAdapter channel, Clock clock, ScheduledExecutorService scheduler) {
        super(clock, scheduler);
        if (channel == null) {
            throw SilasException.invalid("channel", "is required");
        }
        this.channel = channel;
    }

    /**
     * {@return a text prompter over {@code channel}; same as {@link CardPrompter#text}}
     *
     * @param channel source channel, e.g. {@code web}, {@code telegram}, {@code cli}, {@code webhook}
     * @param clock the clock to read time from
     * @param scheduler the job scheduler
     */
    public static TextCardFallback over(ChannelAdapter channel, Clock clock, ScheduledExecutorService scheduler) {
        return new TextCardFallback(channel, clock, scheduler);
    }

    @Override
    void deliver(String recipientId, Card card) {
        channel.send(recipientId, render(card));
    }

    @Override
    public boolean offerMessage(String fromRecipientId, String text, boolean ownerSigned) {
        if (!ownerSigned) {
            return false;
        }
        Pending entry = oldestFor(fromRecipientId);
        if (entry == null) {
            return false;
        }
        String value = parse(entry.card, text);
        resolve(entry.card.cardId(), value == null ? entry.card.safeValue() : value,
                value == null ? CardAnswer.Source.INVALID : CardAnswer.Source.USER,
                CardAnswer.Authentication.OWNER_SIGNED_TEXT);
        return true;
    }

    @Override
    public boolean awaitsTextReply(String recipientId) {
        return oldestFor(recipientId) != null;
    }

    /**
     * {@return the prompt text of a card}
     *
     * @param card the card
     */
    public static String render(Card card) {
        StringBuilder out = new StringBuilder();
        out.append("[Decision needed] ").append(card.intent()).append('\n');
        out.append("Risk: ").append(card.riskLevel().name().toLowerCase(Locale.ROOT)).append('\n');
        out.append(card.rationale()).append('\n');
        if (card.origin() != null) {
            out.append(card.origin().describe()).append('\n');
        }
        if (card.details() != null && !card.details().isBlank()) {
            out.append(card.details()).append('\n');
        }
        if (card instanceof PlanApprovalCard plan) {
            out.append("Plan hash: ").append(plan.planHash()).append('\n');
            plan.contents().lines().forEach(line -> out.append(line).append('\n'));
        }
        out.append("Reply with a number:\n");
        List<CardAction> actions = card.actions();
        for (int i = 0; i < actions.size(); i++) {
            out.append(i + 1).append(". ").append(actions.get(i).consequenceLabel()).append('\n');
        }
        CardAction safe = card.action(card.safeValue());
        out.append("No reply within ").append(card.timeoutSeconds()).append(" s: ")
                .append(safe == null ? card.safeValue() : safe.consequenceLabel()).append('.');
        return out.toString();
    }

    /** The chosen value, or {@code null} when the reply names no option. */
    static @Nullable String parse(Card card, @Nullable String reply) {
        if (reply == null) {
            return null;
        }
        String cleaned = TRAILING.matcher(reply.strip()).replaceAll("");
        List<CardAction> actions = card.actions();
        if (cleaned.matches("\\d{1,3}")) {
            int index = Integer.parseInt(cleaned) - 1;
            return index >= 0 && index < actions.size() ? actions.get(index).value() : null;
        }
        for (CardAction action : actions) {
            if (action.value().equalsIgnoreCase(cleaned) || action.consequenceLabel().equalsIgnoreCase(cleaned)) {
                return action.value();
            }
        }
        return null;
    }
}
