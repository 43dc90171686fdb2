package io.silas.core.context;

import static io.silas.core.trust.NonceStoreContract.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ChronicleStore} must show (docs/contracts.md#context-window, #stream-and-turns,
 * #startup-and-rehydration): entries round-trip,
 * {@code getRecent} returns the last N oldest first (time order, ties in append order), pruning and
 * {@code knownScopes} work per scope, and nothing crosses scopes. Subclasses implement {@link #newStore()}:
 *
 * <pre>{@code
 * class InMemoryChronicleStoreTest extends ChronicleStoreContract {
 *     @Override protected ChronicleStore newStore() { return ChronicleStore.inMemory(); }
 * }
 * }</pre>
 */
public abstract class ChronicleStoreContract {
    protected static final Instant T0 = Instant.parse("2026-02-01T10:00:00.000000001Z");

    private ChronicleStore store;

    /** Returns a new, empty store. */
    protected abstract ChronicleStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** A live chronicle message. */
    protected static ContextItem entry(String ctxId, Instant at) {
        return ContextItem.live(ctxId, ContextZone.CHRONICLE, ContextKind.MESSAGE, "[owner] owner: hello " + ctxId, 7,
                "channel:web", TaintLevel.OWNER, 3, at);
    }

    private static void assertInvalid(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    private List<String> recentIds(String scope, int limit) {
        return store.getRecent(scope, limit).stream().map(ContextItem::ctxId).toList();
    }

    @Test
    void getRecent_unknownScope_empty() {
        assertThat(store.getRecent("owner", 50)).isEmpty();
    }

    @Test
    void append_thenGetRecent_roundTripsEveryField() {
        ContextItem item = new ContextItem("ctx-1", ContextZone.CHRONICLE, "[external] bob: ünïcödé \"quoted\" ✓", 12, T0,
                4, "channel:telegram", TaintLevel.EXTERNAL, ContextKind.TOOL_RESULT, 0.123456789, true, true, "mem-9");

        store.append("owner", item);

        assertThat(store.getRecent("owner", 10)).containsExactly(item);
    }

    @Test
    void getRecent_limit_returnsMostRecentOldestFirst() {
        for (int i = 1; i <= 5; i++) {
            store.append("owner", entry("c" + i, T0.plusSeconds(i)));
        }

        assertThat(recentIds("owner", 2)).containsExactly("c4", "c5");
        assertThat(recentIds("owner", 50)).containsExactly("c1", "c2", "c3", "c4", "c5");
        assertThat(store.getRecent("owner", 0)).isEmpty();
    }

    @Test
    void getRecent_ordersByCreatedAt_evenWhenAppendedOutOfOrder() {
        store.append("owner", entry("late", T0.plusSeconds(30)));
        store.append("owner", entry("early", T0));
        store.append("owner", entry("middle", T0.plusSeconds(10)));

        assertThat(recentIds("owner", 10)).containsExactly("early", "middle", "late");
        assertThat(recentIds("owner", 1)).containsExactly("late");
    }

    @Test
    void getRecent_equalTimestamps_keepAppendOrder() {
        List<String> ids = List.of("z", "a", "m", "b", "y");
        ids.forEach(id -> store.append("owner", entry(id, T0)));

        assertThat(recentIds("owner", 10)).containsExactlyElementsOf(ids);
        assertThat(recentIds("owner", 3)).containsExactly("m", "b", "y");
    }

    @Test
    void getRecent_distinguishesNanoseconds() {
        store.append("owner", entry("second", T0.plusNanos(1)));
        store.append("owner", entry("first", T0));

        assertThat(recentIds("owner", 10)).containsExactly("first", "second");
    }

    @Test
    void scopes_areIsolated_evenWithTheSameCtxId() {
        store.append("owner", entry("c1", T0));
        store.append("conn-42", entry("c1", T0.plusSeconds(1)));
        store.append("conn-42", entry("c2", T0.plusSeconds(2)));

        assertThat(store.getRecent("owner", 10)).containsExactly(entry("c1", T0));
        assertThat(recentIds("conn-42", 10)).containsExactly("c1", "c2");
        assertThat(store.getRecent("conn-43", 10)).isEmpty();
    }

    @Test
    void append_duplicateCtxIdInScope_rejectedAndNothingChanged() {
        ContextItem original = entry("c1", T0);
        store.append("owner", original);

        assertInvalid(() -> store.append("owner", entry("c1", T0.plusSeconds(5))));

        assertThat(store.getRecent("owner", 10)).containsExactly(original);
    }

    @Test
    void append_entryOutsideChronicleZone_rejected() {
        ContextItem memory = ContextItem.live("m1", ContextZone.MEMORY, ContextKind.MEMORY, "fact", 1, "memory:x",
                TaintLevel.OWNER, 1, T0);

        assertInvalid(() -> store.append("owner", memory));

        assertThat(store.knownScopes()).isEmpty();
    }

    @Test
    void pruneBefore_scope_removesOnlyStrictlyOlderEntriesOfThatScope() {
        store.append("owner", entry("old", T0));
        store.append("owner", entry("edge", T0.plusSeconds(60)));
        store.append("owner", entry("new", T0.plusSeconds(120)));
        store.append("conn-42", entry("other", T0));

        int removed = store.pruneBefore("owner", T0.plusSeconds(60));

        assertThat(removed).isEqualTo(1);
        assertThat(recentIds("owner", 10)).containsExactly("edge", "new");
        assertThat(recentIds("conn-42", 10)).containsExactly("other");
    }

    @Test
    void pruneBefore_allScopes_removesEveryOldEntryAndForgetsEmptyScopes() {
        store.append("owner", entry("o-old", T0));
        store.append("owner", entry("o-new", T0.plusSeconds(100)));
        store.append("conn-42", entry("c-old", T0.plusSeconds(1)));

        int removed = store.pruneBefore(T0.plusSeconds(50));

        assertThat(removed).isEqualTo(2);
        assertThat(recentIds("owner", 10)).containsExactly("o-new");
        assertThat(store.getRecent("conn-42", 10)).isEmpty();
        assertThat(store.knownScopes()).containsExactly("owner");
        assertThat(store.pruneBefore(T0)).isZero();
    }

    @Test
    void pruneBefore_thenAppendSameCtxId_allowed() {
        store.append("owner", entry("c1", T0));
        store.pruneBefore("owner", T0.plusSeconds(1));

        store.append("owner", entry("c1", T0.plusSeconds(2)));

        assertThat(recentIds("owner", 10)).containsExactly("c1");
    }

    @Test
    void knownScopes_sortedAndDistinct() {
        store.append("owner", entry("a", T0));
        store.append("conn-7", entry("b", T0));
        store.append("owner", entry("c", T0));
        store.append("conn-42", entry("d", T0));

        assertThat(store.knownScopes()).containsExactly("conn-42", "conn-7", "owner");
    }

    @Test
    void arguments_invalid_rejected() {
        assertInvalid(() -> store.append(" ", entry("c1", T0)));
        assertInvalid(() -> store.append("owner", null));
        assertInvalid(() -> store.getRecent(null, 10));
        assertInvalid(() -> store.getRecent("owner", -1));
        assertInvalid(() -> store.pruneBefore("owner", null));
        assertInvalid(() -> store.pruneBefore((Instant) null));
        assertInvalid(() -> store.pruneBefore("", T0));
        assertThat(store.knownScopes()).isEmpty();
    }

    @Test
    void append_concurrently8Threads500Each_noLostOrDuplicatedEntries() throws Exception {
        int perThread = 500;

        runConcurrently(8, t -> {
            for (int i = 0; i < perThread; i++) {
                store.append("owner", entry("t" + t + "-" + i, T0));
            }
            return null;
        });

        List<String> ids = recentIds("owner", 10_000);
        assertThat(ids).hasSize(8 * perThread).doesNotHaveDuplicates();
        for (int t = 0; t < 8; t++) {
            String prefix = "t" + t + "-";
            assertThat(ids.stream().filter(id -> id.startsWith(prefix)).toList())
                    .as("per-thread append order")
                    .containsExactlyElementsOf(IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
        }
    }
}
