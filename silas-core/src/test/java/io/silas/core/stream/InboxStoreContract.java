package io.silas.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ContextItem;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextZone;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.memory.ChronicleStore;
import io.silas.core.trust.TaintLevel;
import io.silas.core.trust.TrustDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InboxStore} must show: rows round-trip with their trust decision, pending rows come
 * back in admission order, chronicle entries are written together with the row change (and a rejected entry
 * changes nothing), completed and withdrawn rows are gone. Subclasses return a store and the chronicle it writes to.
 */
public abstract class InboxStoreContract {
    protected static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

    /** A fresh inbox and the chronicle store it writes entries to. */
    public record Stores(InboxStore inbox, ChronicleStore chronicle) {
    }

    private InboxStore inbox;
    private ChronicleStore chronicle;

    protected abstract Stores newStores();

    @BeforeEach
    void createStores() {
        Stores stores = newStores();
        inbox = stores.inbox();
        chronicle = stores.chronicle();
    }

    private static ChannelMessage message(String id, String text) {
        return new ChannelMessage(id, "web", "alice", text, T0, List.of("a.txt"), null, Map.of("chat", "7"));
    }

    private static ContextItem item(String ctxId, String text, int turn) {
        return ContextItem.live(ctxId, ContextZone.CHRONICLE, ContextKind.MESSAGE, text, 3, "channel:web",
                TaintLevel.OWNER, turn, T0);
    }

    private List<String> chronicleOf(String scope) {
        return chronicle.getRecent(scope, 100).stream().map(ContextItem::content).toList();
    }

    @Test
    void admit_roundTripsMessageAndTrust_inAdmissionOrder() {
        TrustDecision owner = TrustDecision.of(TrustDecision.Reason.OWNER_SIGNATURE);
        InboxEntry first = inbox.admit("a", "web:1", message("m1", "first"), owner, T0);
        InboxEntry second = inbox.admit("b", "web:2", message("m2", "second"),
                TrustDecision.of(TrustDecision.Reason.UNSIGNED), T0.plusSeconds(1));
        InboxEntry third = inbox.admit("a", "web:1", message("m3", "third"), owner, T0.plusSeconds(2));

        assertThat(first.seq()).isLessThan(second.seq());
        assertThat(second.seq()).isLessThan(third.seq());
        assertThat(inbox.pending()).containsExactly(first, second, third);
        assertThat(inbox.pending().get(0).trust().isOwner()).isTrue();
        assertThat(inbox.pending().get(0).message()).isEqualTo(message("m1", "first"));
        assertThat(inbox.pending().get(0).chronicledTurn()).isZero();
    }

    @Test
    void recordMessage_chroniclesAndRemembersTurn() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "hello"),
                TrustDecision.of(TrustDecision.Reason.UNSIGNED), T0);

        inbox.recordMessage(entry, item("c1", "hello", 4));

        assertThat(chronicleOf("a")).containsExactly("hello");
        assertThat(inbox.pending()).singleElement().satisfies(row -> assertThat(row.chronicledTurn()).isEqualTo(4));
    }

    @Test
    void complete_chroniclesReplyAndRemovesRow() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "hello"),
                TrustDecision.of(TrustDecision.Reason.UNSIGNED), T0);
        inbox.recordMessage(entry, item("c1", "hello", 1));

        inbox.complete(entry, item("c2", "hi back", 1));

        assertThat(chronicleOf("a")).containsExactly("hello", "hi back");
        assertThat(inbox.pending()).isEmpty();
        assertThat(chronicleOf("b")).isEmpty();
    }

    @Test
    void complete_withoutReply_removesRowOnly_andTwiceIsNoOp() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "x"), TrustDecision.of(TrustDecision.Reason.UNSIGNED),
                T0);

        inbox.complete(entry, null);
        inbox.complete(entry, null);
        inbox.withdraw(entry);

        assertThat(inbox.pending()).isEmpty();
        assertThat(chronicle.knownScopes()).isEmpty();
    }

    @Test
    void complete_duplicateReplyId_invalidInput_rowKept() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "x"), TrustDecision.of(TrustDecision.Reason.UNSIGNED),
                T0);
        inbox.recordMessage(entry, item("c1", "x", 1));

        assertThatThrownBy(() -> inbox.complete(entry, item("c1", "reply", 1)))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(inbox.pending()).hasSize(1);
        assertThat(chronicleOf("a")).containsExactly("x");
    }

    @Test
    void withdraw_removesOnlyThatRow() {
        TrustDecision trust = TrustDecision.of(TrustDecision.Reason.UNSIGNED);
        InboxEntry first = inbox.admit("a", "web:1", message("m1", "x"), trust, T0);
        InboxEntry second = inbox.admit("a", "web:1", message("m2", "y"), trust, T0);

        inbox.withdraw(first);

        assertThat(inbox.pending()).containsExactly(second);
    }

    @Test
    void admit_blankScope_invalidInput() {
        assertThatThrownBy(() -> inbox.admit(" ", "web:1", message("m1", "x"),
                TrustDecision.of(TrustDecision.Reason.UNSIGNED), T0))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(inbox.pending()).isEmpty();
    }
}
