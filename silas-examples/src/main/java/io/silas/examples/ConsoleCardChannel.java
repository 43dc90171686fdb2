package io.silas.examples;

import io.silas.core.channel.Card;
import io.silas.core.channel.CardAction;
import io.silas.core.channel.PlanApprovalCard;
import io.silas.core.channel.RichCardChannel;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rich card channel on a terminal: replies and progress are printed as {@code [silas]} lines, a card is printed
 * as a box with its intent, risk, rationale, details and choices. The channel only shows the card; the host reads
 * the user's choice and reports it with {@code CardPrompter.answer} — exactly as a web or chat host reports a tap
 * — after taking the card with {@link #takeCard}.
 *
 * <p>Thread-safe: turns and background work print through it concurrently; each message is printed whole.
 *
 * <p><b>Security guarantees:</b> the channel decides nothing. The typed answer goes through the
 * {@code CardPrompter}, so only a valid choice for a pending card from its recipient counts; empty or unknown input,
 * a timeout or a card answered late all yield the card's safe value (decline).
 */
public final class ConsoleCardChannel implements RichCardChannel {
    private static final String INDENT = " ".repeat(12);

    private final PrintStream out;
    private final Map<String, Card> shown = new ConcurrentHashMap<>();

    /** A channel printing to {@code out}. */
    public ConsoleCardChannel(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void send(String recipientId, String text) {
        note("[silas]", text);
    }

    @Override
    public void sendCard(String recipientId, Card card) {
        StringBuilder box = new StringBuilder();
        box.append("+-- Decision needed: ").append(card.intent()).append('\n');
        box.append("| risk ").append(card.riskLevel().name().toLowerCase(Locale.ROOT)).append(" - ")
                .append(card.rationale()).append('\n');
        if (card instanceof PlanApprovalCard plan) {
            box.append("| work item ").append(plan.workItemId()).append(", plan hash ").append(plan.planHash(), 0, 16)
                    .append("... (the token will be bound to it)").append('\n');
        }
        if (card.details() != null && !card.details().isBlank()) {
            card.details().strip().lines().forEach(line -> box.append("|   ").append(line).append('\n'));
        }
        if (card instanceof PlanApprovalCard plan) {
            plan.contents().lines().forEach(line -> box.append("| ").append(line).append('\n'));
        }
        box.append("| choices:");
        for (CardAction action : card.actions()) {
            box.append("  [").append(key(card, action)).append("] ").append(action.consequenceLabel());
        }
        box.append('\n');
        box.append("+-- no answer within ").append(card.timeoutSeconds()).append(" s: ")
                .append(card.action(card.safeValue()).consequenceLabel());
        note("[card]", box.toString());
        shown.put(recipientId, card);
    }

    /** The card last shown to {@code recipientId} and not yet taken; the host answers it. */
    public Optional<Card> takeCard(String recipientId) {
        return Optional.ofNullable(shown.remove(recipientId));
    }

    /**
     * The key a user types for {@code action}: {@code y} for the recommended (first) action, {@code n} for the
     * decline (last) action, otherwise the action's value.
     */
    static String key(Card card, CardAction action) {
        if (action.equals(card.actions().get(0))) {
            return "y";
        }
        return action.equals(card.actions().get(card.actions().size() - 1)) ? "n" : action.value();
    }

    /** Whether {@code typed} names one of the card's actions (y/yes, n/no, or an action's key or value). */
    static boolean offers(Card card, String typed) {
        String key = normalised(typed);
        return card.actions().stream().anyMatch(a -> key(card, a).equals(key) || a.value().equals(key));
    }

    private static String normalised(String typed) {
        return switch (typed.strip().toLowerCase(Locale.ROOT)) {
            case "yes" -> "y";
            case "no" -> "n";
            default -> typed.strip().toLowerCase(Locale.ROOT);
        };
    }

    /** The action value for what the user typed; unknown input is passed on (the prompter applies the safe value). */
    static String value(Card card, String typed) {
        String key = normalised(typed);
        for (CardAction action : card.actions()) {
            if (key(card, action).equals(key) || action.value().equals(key)) {
                return action.value();
            }
        }
        return key.isEmpty() ? card.safeValue() : key;
    }

    /** Prints a tagged transcript entry; continuation lines are indented under the first. */
    synchronized void note(String tag, String text) {
        String[] lines = text.split("\n", -1);
        out.printf("%-11s %s%n", tag, lines[0]);
        for (int i = 1; i < lines.length; i++) {
            out.println(INDENT + lines[i]);
        }
        out.flush();
    }
}
