package io.silas.examples;

import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.Card;
import io.silas.core.channel.CardPrompter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.OwnerSigner;
import io.silas.core.channel.SignedMessage;
import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ContextItem;
import io.silas.core.error.SilasException;
import io.silas.core.stream.Stream;
import io.silas.core.stream.TurnResult;
import io.silas.core.work.VerificationResult;
import io.silas.core.work.WorkItemResult;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The host side of the demo's conversation: signs each of the owner's messages, submits it to the Stream, and
 * after each turn notes what happened (route, mode, how the message was classified and what was chronicled, which
 * gate blocked). A plan approval card shown by the {@link ConsoleCardChannel} is answered through
 * {@link CardPrompter#answer} like a tap on a rich channel; the turn has already returned by then, and the demo
 * waits for the background execution only to keep the transcript in order.
 *
 * <p>Used from the demo's main thread only.
 */
final class DemoConversation {
    /** How long the demo waits for one turn, and for one approved plan to run and be verified. */
    private static final long TURN_TIMEOUT_SECONDS = 60;
    private static final long EXECUTION_TIMEOUT_SECONDS = 120;

    /** What the conversation produced: the last executed plan's result, if any. */
    record Outcome(@Nullable WorkItemResult result) {
    }

    private final Stream stream;
    private final CardPrompter cards;
    private final ConsoleCardChannel channel;
    private final OwnerSigner signer;
    private final ChronicleStore chronicle;
    private final AuditLog audit;
    private final Clock clock;

    DemoConversation(Stream stream, CardPrompter cards, ConsoleCardChannel channel, OwnerSigner signer,
                     ChronicleStore chronicle, AuditLog audit, Clock clock) {
        this.stream = stream;
        this.cards = cards;
        this.channel = channel;
        this.signer = signer;
        this.chronicle = chronicle;
        this.audit = audit;
        this.clock = clock;
    }

    Outcome run(DemoUser user) throws Exception {
        SignedMessage last = null;
        WorkItemResult executed = null;
        for (String text = user.nextMessage(); text != null; text = user.nextMessage()) {
            SignedMessage signed;
            if (text.equals(DemoUser.REPLAY)) {
                if (last == null) {
                    channel.note("[demo]", "nothing to replay yet");
                    continue;
                }
                signed = last;
                channel.note("[demo]", "the previous signed message is sent again, signature and nonce unchanged");
            } else {
                signed = signer.sign(ChannelMessage.of(channel.name(), "owner", text, clock.instant()));
                last = signed;
            }
            TurnResult turn;
            try {
                turn = stream.submit(signed, Demo.CONNECTION).toCompletableFuture()
                        .get(TURN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                channel.note("[error]", "the turn failed: " + (e.getCause() instanceof SilasException se
                        ? se.code().id() + " - " + se.code().userMessage() : e.getCause().getClass().getSimpleName()));
                continue;
            }
            describe(turn);
            Optional<Card> card = channel.takeCard(Demo.CONNECTION);
            if (card.isPresent()) {
                WorkItemResult result = decide(user, card.get(), turn);
                executed = result != null ? result : executed;
            }
        }
        return new Outcome(executed);
    }

    private @Nullable WorkItemResult decide(DemoUser user, Card card, TurnResult turn) throws Exception {
        channel.note("[stream]", "turn " + turn.turnNumber() + " has returned; the plan waits for the card");
        cards.answer(Demo.CONNECTION, card.cardId(), ConsoleCardChannel.value(card, user.answer(card)));
        WorkItemResult result = turn.execution().toCompletableFuture()
                .get(EXECUTION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (result == null) {
            return null;
        }
        for (VerificationResult check : result.verificationResults()) {
            channel.note("[verify]", check.name() + ": " + (check.passed() ? "passed" : "FAILED") + " ("
                    + check.reason() + ")");
        }
        result.artifacts().forEach((name, content) -> channel.note("[artifact]", name + ": " + content.strip()));
        return result;
    }

    private void describe(TurnResult turn) {
        if (turn.turnNumber() == 0) {
            return;
        }
        String tag = "[turn " + turn.turnNumber() + "]";
        if (turn.route() == null) {
            channel.note(tag, "stopped at the input gates: " + lastBlock() + "; the agent was not called");
            return;
        }
        channel.note(tag, "route " + lower(turn.route()) + ", register " + lower(turn.register()) + ", mode "
                + lower(turn.mode()));
        chronicledMessage(turn).ifPresent(item -> channel.note("[trust]", "chronicled as " + item.taint()
                + ": \"" + item.content() + "\""));
        if (turn.blocked()) {
            channel.note("[gates]", "output blocked: " + lastBlock());
        }
    }

    private Optional<ContextItem> chronicledMessage(TurnResult turn) {
        List<ContextItem> recent = chronicle.getRecent(turn.scopeId(), 4);
        return recent.stream()
                .filter(i -> i.turnNumber() == turn.turnNumber() && i.source().startsWith("channel:"))
                .findFirst();
    }

    private String lastBlock() {
        List<AuditEntry> blocks = audit.findByEvent("turn_blocked");
        if (blocks.isEmpty()) {
            return "no gate recorded";
        }
        var data = blocks.get(blocks.size() - 1).data();
        return "gate " + data.path("gate").asText() + " -> escalation " + data.path("escalation").asText()
                + " (" + data.path("escalation_source").asText() + ")";
    }

    private static String lower(@Nullable Enum<?> value) {
        return value == null ? "-" : value.name().toLowerCase(Locale.ROOT);
    }
}
