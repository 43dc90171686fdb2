package io.silas.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ContextItem;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextZone;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.memory.MemoryType;
import io.silas.core.trust.TrustDecision;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InboxStore} must show: rows round-trip with their trust decision, pending rows come
 * back in admission order, chronicle entries and raw memory items are written together with the row change (and a
 * rejected entry or item changes nothing), completed and withdrawn rows are gone. Subclasses return a store and the
 * chronicle and memory stores it writes to.
 */
public abstract class InboxStoreContract {
    protected static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

    /** A fresh inbox and the chronicle and memory stores it writes entries and raw items to. */
    public record Stores(InboxStore inbox, ChronicleStore chronicle, MemoryStore memory) {
    }

    private InboxStore inbox;
    private ChronicleStore chronicle;
    private MemoryStore memory;

    protected abstract Stores newStores();

    @BeforeEach
    void createStores() {
        Stores stores = newStores();
        inbox = stores.inbox();
        chronicle = stores.chronicle();
        memory = stores.memory();
    }

    private static ChannelMessage message(String id, String text) {
        return new ChannelMessage(id, "web", "alice", text, T0, List.of("a.txt"), null, Map.of("chat", "7"));
    }

    private static ContextItem item(String ctxId, String text, int turn) {
        return ContextItem.live(ctxId, ContextZone.CHRONICLE, ContextKind.MESSAGE, text, 3, "channel:web",
                TaintLevel.OWNER, turn, T0);
    }

    private static MemoryItem raw(String memoryId, String scope, String text) {
        return MemoryItem.raw(memoryId, scope, text, TaintLevel.EXTERNAL, MemoryItem.CONVERSATION_RAW, null, T0);
    }

    private List<String> rawOf(String scope, String query) {
        return memory.searchRaw(scope, query, 10).stream().map(MemoryItem::memoryId).toList();
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

        inbox.recordMessage(entry, item("c1", "hello", 4), null);

        assertThat(chronicleOf("a")).containsExactly("hello");
        assertThat(inbox.pending()).singleElement().satisfies(row -> assertThat(row.chronicledTurn()).isEqualTo(4));
    }

    @Test
    void complete_chroniclesReplyAndRemovesRow() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "hello"),
                TrustDecision.of(TrustDecision.Reason.UNSIGNED), T0);
        inbox.recordMessage(entry, item("c1", "hello", 1), null);

        inbox.complete(entry, item("c2", "hi back", 1), null);

        assertThat(chronicleOf("a")).containsExactly("hello", "hi back");
        assertThat(inbox.pending()).isEmpty();
        assertThat(chronicleOf("b")).isEmpty();
    }

    @Test
    void complete_withoutReply_removesRowOnly_andTwiceIsNoOp() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "x"), TrustDecision.of(TrustDecision.Reason.UNSIGNED),
                T0);

        inbox.complete(entry, null, null);
        inbox.complete(entry, null, null);
        inbox.withdraw(entry);

        assertThat(inbox.pending()).isEmpty();
        assertThat(chronicle.knownScopes()).isEmpty();
    }

    @Test
    void complete_duplicateReplyId_invalidInput_rowKept() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "x"), TrustDecision.of(TrustDecision.Reason.UNSIGNED),
                T0);
        inbox.recordMessage(entry, item("c1", "x", 1), null);

        assertThatThrownBy(() -> inbox.complete(entry, item("c1", "reply", 1), raw("r2", "a", "reply")))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(inbox.pending()).hasSize(1);
        assertThat(chronicleOf("a")).containsExactly("x");
        assertThat(memory.get("a", "r2")).isEmpty();
    }

    @Test
    void recordMessage_withRaw_storesRawItemWithChronicleEntry() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "hello world"),
                TrustDecision.of(TrustDecision.Reason.UNSIGNED), T0);

        inbox.recordMessage(entry, item("c1", "hello world", 2), raw("r1", "a", "hello world"));

        assertThat(chronicleOf("a")).containsExactly("hello world");
        assertThat(memory.get("a", "r1")).contains(raw("r1", "a", "hello world"));
        assertThat(rawOf("a", "hello")).containsExactly("r1");
        assertThat(memory.searchKeyword("a", "hello", 10)).isEmpty();
        assertThat(rawOf("b", "hello")).isEmpty();
        assertThat(inbox.pending()).singleElement().satisfies(row -> assertThat(row.chronicledTurn()).isEqualTo(2));
    }

    @Test
    void complete_withRaw_storesReplyRawItemAndRemovesRow() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "hello"),
                TrustDecision.of(TrustDecision.Reason.UNSIGNED), T0);
        inbox.recordMessage(entry, item("c1", "hello", 1), raw("r1", "a", "hello"));

        inbox.complete(entry, item("c2", "goodbye", 1), raw("r2", "a", "goodbye"));

        assertThat(chronicleOf("a")).containsExactly("hello", "goodbye");
        assertThat(rawOf("a", "goodbye")).containsExactly("r2");
        assertThat(inbox.pending()).isEmpty();
    }

    @Test
    void recordMessage_duplicateRawId_invalidInput_nothingWritten() {
        memory.storeRaw(raw("r1", "a", "earlier"));
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "hello"),
                TrustDecision.of(TrustDecision.Reason.UNSIGNED), T0);

        assertThatThrownBy(() -> inbox.recordMessage(entry, item("c1", "hello", 1), raw("r1", "a", "hello")))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));

        assertThat(chronicle.knownScopes()).isEmpty();
        assertThat(memory.get("a", "r1")).map(MemoryItem::content).contains("earlier");
        assertThat(inbox.pending()).singleElement().satisfies(row -> assertThat(row.chronicledTurn()).isZero());
    }

    @Test
    void complete_rawOfOtherScopeOrActiveLane_invalidInput_nothingWritten() {
        InboxEntry entry = inbox.admit("a", "web:1", message("m1", "hello"),
                TrustDecision.of(TrustDecision.Reason.UNSIGNED), T0);
        MemoryItem active = MemoryItem.create("r2", "a", "reply", MemoryType.EPISODE, TaintLevel.OWNER,
                MemoryItem.AGENT_RESPONSE_RAW, T0);

        assertThatThrownBy(() -> inbox.complete(entry, item("c2", "reply", 1), raw("r2", "b", "reply")))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> inbox.complete(entry, item("c2", "reply", 1), active))
                .isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));

        assertThat(chronicle.knownScopes()).isEmpty();
        assertThat(memory.get("a", "r2")).isEmpty();
        assertThat(memory.get("b", "r2")).isEmpty();
        assertThat(inbox.pending()).hasSize(1);
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
