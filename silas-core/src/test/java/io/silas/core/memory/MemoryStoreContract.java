package io.silas.core.memory;

import static io.silas.core.trust.NonceStoreContract.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link MemoryStore} must show (docs/contracts.md#stream-and-turns, #memory): CRUD per (scope,
 * id), keyword search over the active lane only, the raw lane searched only explicitly, user text searched literally,
 * the modification rules, and no read, update or delete across scopes. Subclasses implement {@link #newStore()}:
 *
 * <pre>{@code
 * class InMemoryMemoryStoreTest extends MemoryStoreContract {
 *     @Override protected MemoryStore newStore() { return MemoryStore.inMemory(); }
 * }
 * }</pre>
 */
public abstract class MemoryStoreContract {
    protected static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

    private MemoryStore store;

    /** Returns a new, empty store. */
    protected abstract MemoryStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** An active-lane fact. */
    protected static MemoryItem fact(String id, String scope, String content) {
        return MemoryItem.create(id, scope, content, MemoryType.FACT, TaintLevel.OWNER, MemoryItem.MEMORY_OP, T0);
    }

    /** A raw-lane conversation record. */
    protected static MemoryItem raw(String id, String scope, String content) {
        return MemoryItem.raw(id, scope, content, TaintLevel.EXTERNAL, MemoryItem.CONVERSATION_RAW, "session-1", T0);
    }

    /** A memory with every optional field set. */
    protected static MemoryItem full(String id, String scope) {
        return new MemoryItem(id, scope, "User prefers sources — \"always\" ✓", MemoryType.PREFERENCE,
                ReingestionTier.ACTIVE, TrustLevel.VERIFIED, TaintLevel.AUTH, T0, T0.plusSeconds(60),
                T0.minusSeconds(3600), T0.plusSeconds(86_400), 3, T0.plusSeconds(30),
                List.of("behavior:response/include_sources", "style"), List.of("entity-1"), List.of("mem-0"),
                "mem-next", "mem-prev", "session-9", List.of(0.25f, -1.5f, 3.0e-7f), MemoryItem.MEMORY_OP);
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private List<String> search(String scope, String query) {
        return store.searchKeyword(scope, query, 50).stream().map(MemoryItem::memoryId).toList();
    }

    @Test
    void get_unknown_empty() {
        assertThat(store.get("owner", "nope")).isEmpty();
    }

    @Test
    void store_thenGet_roundTripsEveryField() {
        MemoryItem item = full("mem-1", "owner");

        assertThat(store.store(item)).isEqualTo("mem-1");

        assertThat(store.get("owner", "mem-1")).contains(item);
    }

    @Test
    void storeRaw_thenGet_roundTrips() {
        MemoryItem item = raw("raw-1", "owner", "[owner] owner: remind me about the dentist");

        assertThat(store.storeRaw(item)).isEqualTo("raw-1");

        assertThat(store.get("owner", "raw-1")).contains(item);
    }

    @Test
    void store_duplicateIdInScope_rejectedAndNothingChanged() {
        MemoryItem original = fact("m1", "owner", "original");
        store.store(original);

        assertCode(() -> store.store(fact("m1", "owner", "replacement")), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.storeRaw(raw("m1", "owner", "replacement")), ErrorCode.INVALID_INPUT);

        assertThat(store.get("owner", "m1")).contains(original);
    }

    @Test
    void store_wrongLane_rejected() {
        assertCode(() -> store.store(raw("r1", "owner", "x")), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.storeRaw(fact("f1", "owner", "x")), ErrorCode.INVALID_INPUT);

        assertThat(store.get("owner", "r1")).isEmpty();
        assertThat(store.get("owner", "f1")).isEmpty();
    }

    @Test
    void searchKeyword_findsWholeWordsCaseAndAccentInsensitively() {
        store.store(fact("m1", "owner", "We met at the Café Central"));
        store.store(fact("m2", "owner", "The category list is long"));

        assertThat(search("owner", "cafe")).containsExactly("m1");
        assertThat(search("owner", "CAFÉ")).containsExactly("m1");
        assertThat(search("owner", "central")).containsExactly("m1");
        assertThat(search("owner", "cat")).isEmpty();
        assertThat(search("owner", "categories")).isEmpty();
    }

    @Test
    void searchKeyword_matchesSemanticTags() {
        store.store(full("m1", "owner"));
        store.store(fact("m2", "owner", "unrelated"));

        assertThat(search("owner", "behavior")).containsExactly("m1");
        assertThat(search("owner", "style")).containsExactly("m1");
    }

    @Test
    void searchKeyword_ranksMemoriesMatchingMoreKeywordsFirst() {
        store.store(fact("one", "owner", "alpha"));
        store.store(fact("both", "owner", "alpha beta gamma"));
        store.store(fact("x", "owner", "delta"));
        store.store(fact("y", "owner", "epsilon"));
        store.store(fact("z", "owner", "zeta"));

        assertThat(search("owner", "alpha beta")).containsExactly("both", "one");
    }

    /**
     * A keyword counts only for its newest memories of the scope (so a search does not grow with the history): a word
     * shared by more memories than that finds the newest ones only, a rare word still finds the oldest memory, and
     * another scope's newer memories do not push this scope's out of the candidates.
     */
    @Test
    void searchKeyword_aKeywordCountsForItsNewestMemoriesOnly_aRareWordFindsTheOldest() {
        int n = MemoryStore.CANDIDATES_PER_KEYWORD + 10;
        store.store(fact("m0", "owner", "common rare"));
        for (int i = 1; i < n; i++) {
            store.store(fact("m" + i, "owner", "common word " + i));
            store.store(fact("o" + i, "other", "common word " + i));
        }
        int oldestCandidate = n - MemoryStore.CANDIDATES_PER_KEYWORD;

        assertThat(search("owner", "rare")).containsExactly("m0");
        assertThat(store.searchKeyword("owner", "common", 3)).extracting(MemoryItem::memoryId)
                .containsExactly("m" + oldestCandidate, "m" + (oldestCandidate + 1), "m" + (oldestCandidate + 2));
        assertThat(search("owner", "common rare")).startsWith("m0", "m" + oldestCandidate);
        assertThat(store.searchKeyword("owner", "common", n)).as("a larger limit considers more")
                .hasSize(n).first().extracting(MemoryItem::memoryId).isEqualTo("m0");
    }

    @Test
    void searchKeyword_limit_capsResults() {
        for (int i = 0; i < 5; i++) {
            store.store(fact("m" + i, "owner", "shared note " + i));
        }

        assertThat(store.searchKeyword("owner", "shared", 3)).hasSize(3);
        assertThat(store.searchKeyword("owner", "shared", 0)).isEmpty();
        assertThat(store.searchKeyword("owner", "shared", 10)).extracting(MemoryItem::memoryId)
                .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void searchKeyword_engineSyntaxInQuery_isSearchedLiterally() {
        store.store(fact("ab", "owner", "alpha beta"));
        store.store(fact("bees", "owner", "bees and boats"));
        store.store(fact("none", "owner", "nothing here"));

        assertThat(search("owner", "alpha NOT beta")).containsExactly("ab");
        assertThat(search("owner", "bee*")).isEmpty();
        assertThat(search("owner", "\"a\" OR b*")).isEmpty();
        assertThat(search("owner", "NEAR(alpha beta)")).containsExactly("ab");
        assertThat(search("owner", "alpha AND nothing")).containsExactlyInAnyOrder("ab", "bees", "none");
        assertThat(search("owner", "content:bees")).containsExactly("bees");
        assertThat(search("owner", "\"alpha")).containsExactly("ab");
        assertThat(search("owner", "and")).containsExactly("bees");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a\" OR b*", "NEAR(", "NEAR(a b, 2", "\"", "\"\"\"", "*", "(", ")", "^alpha", "-alpha",
            "+", "{content}: x", "content:", "a:b:c", "AND", "OR", "NOT", "x AND", "'; DROP TABLE memories; --",
            "\u0000", "\uD83D\uDE00 emoji", "   ", ""})
    void searchKeyword_hostileQuery_neverThrows(String query) {
        store.store(fact("m1", "owner", "alpha beta"));

        assertThatCode(() -> store.searchKeyword("owner", query, 10)).doesNotThrowAnyException();
        assertThatCode(() -> store.searchRaw("owner", query, 10)).doesNotThrowAnyException();
        assertThat(store.get("owner", "m1")).isPresent();
    }

    @Test
    void keywords_areLiteralWordsOnly() {
        assertThat(MemoryStore.keywords("\"a\" OR b*")).containsExactly("a", "or", "b");
        assertThat(MemoryStore.keywords("NEAR(x, Ünïcode)")).containsExactly("near", "x", "unicode");
        assertThat(MemoryStore.keywords("--- ()*")).isEmpty();
        assertThat(MemoryStore.keywords("a a A b")).containsExactly("a", "b");
        String longQuery = "w ".repeat(5) + String.join(" ", IntStream.range(0, 100).mapToObj(i -> "k" + i).toList());
        assertThat(MemoryStore.keywords(longQuery)).hasSize(MemoryStore.MAX_QUERY_TERMS).startsWith("w", "k0");
    }

    @Test
    void searchKeyword_excludesRawLane_searchRawFindsOnlyRaw() {
        store.store(fact("active", "owner", "dentist appointment on friday"));
        store.storeRaw(raw("raw", "owner", "[owner] owner: book the dentist"));

        assertThat(search("owner", "dentist")).containsExactly("active");
        assertThat(store.searchRaw("owner", "dentist", 10)).extracting(MemoryItem::memoryId).containsExactly("raw");
        assertThat(store.searchRaw("owner", "friday", 10)).isEmpty();
    }

    @Test
    void scopes_areIsolated_forEveryOperation() {
        store.store(fact("m-a", "scope-a", "secret project aurora"));
        store.storeRaw(raw("r-a", "scope-a", "aurora raw log"));
        store.store(fact("shared-id", "scope-a", "aurora in scope a"));
        store.store(fact("shared-id", "scope-b", "something else in b"));
        store.store(fact("twin-a", "scope-a", "identical words everywhere"));
        store.store(fact("twin-b", "scope-b", "identical words everywhere"));

        assertThat(search("scope-b", "identical words everywhere")).containsExactly("twin-b");
        assertThat(search("scope-a", "identical words everywhere")).containsExactly("twin-a");
        assertThat(search("scope-b", "aurora")).isEmpty();
        assertThat(store.searchRaw("scope-b", "aurora", 10)).isEmpty();
        assertThat(store.get("scope-b", "m-a")).isEmpty();
        assertThat(store.get("scope-b", "shared-id").orElseThrow().content()).isEqualTo("something else in b");
        assertThat(store.listByType("scope-b", MemoryType.FACT)).extracting(MemoryItem::scopeId).containsOnly("scope-b");
        assertThat(store.searchSession("scope-b", "session-1")).isEmpty();
        assertThat(store.delete("scope-b", "m-a")).isFalse();
        assertCode(() -> store.update(fact("m-a", "scope-b", "hijack")), ErrorCode.NOT_FOUND);
        assertThat(store.get("scope-a", "m-a")).contains(fact("m-a", "scope-a", "secret project aurora"));
        assertThat(search("scope-a", "aurora")).containsExactlyInAnyOrder("m-a", "shared-id");
    }

    @Test
    void update_replacesItemAndSearchFollowsNewContent() {
        MemoryItem original = fact("m1", "owner", "the meeting is on monday");
        store.store(original);
        MemoryItem changed = original.withContent("the meeting moved to tuesday", TaintLevel.AUTH, T0.plusSeconds(5))
                .withAccess(T0.plusSeconds(6));

        store.update(changed);

        assertThat(store.get("owner", "m1")).contains(changed);
        assertThat(search("owner", "monday")).isEmpty();
        assertThat(search("owner", "tuesday")).containsExactly("m1");
    }

    @Test
    void update_unknown_notFound() {
        assertCode(() -> store.update(fact("ghost", "owner", "x")), ErrorCode.NOT_FOUND);
        assertThat(store.get("owner", "ghost")).isEmpty();
    }

    @Test
    void update_acrossLanes_rejected() {
        store.storeRaw(raw("r1", "owner", "raw text"));
        MemoryItem promoted = fact("r1", "owner", "raw text");

        assertCode(() -> store.update(promoted), ErrorCode.INVALID_INPUT);

        assertThat(search("owner", "raw")).isEmpty();
    }

    @Test
    void constitutional_isWriteOnce() {
        MemoryItem rule = new MemoryItem("c1", "owner", "Never share keys", MemoryType.FACT, ReingestionTier.ACTIVE,
                TrustLevel.CONSTITUTIONAL, TaintLevel.OWNER, T0, T0, null, null, 0, null, List.of(), List.of(),
                List.of(), null, null, null, null, MemoryItem.MEMORY_OP);
        store.store(rule);
        store.store(fact("w1", "owner", "working fact"));

        assertCode(() -> store.update(rule.withAccess(T0.plusSeconds(1))), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.delete("owner", "c1"), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.update(fact("w1", "owner", "working fact").withTrustLevel(TrustLevel.CONSTITUTIONAL,
                T0.plusSeconds(1))), ErrorCode.INVALID_INPUT);

        assertThat(store.get("owner", "c1")).contains(rule);
        assertThat(store.get("owner", "w1").orElseThrow().trustLevel()).isEqualTo(TrustLevel.WORKING);
    }

    @Test
    void delete_removesFromGetAndSearch() {
        store.store(fact("m1", "owner", "forget this"));
        store.storeRaw(raw("r1", "owner", "forget this too"));

        assertThat(store.delete("owner", "m1")).isTrue();
        assertThat(store.delete("owner", "r1")).isTrue();

        assertThat(store.get("owner", "m1")).isEmpty();
        assertThat(search("owner", "forget")).isEmpty();
        assertThat(store.searchRaw("owner", "forget", 10)).isEmpty();
        assertThat(store.delete("owner", "m1")).isFalse();
    }

    @Test
    void searchSession_activeLaneOfScopeOnly_inStorageOrder() {
        MemoryItem s1 = new MemoryItem("s1", "owner", "first", MemoryType.EPISODE, null, null, TaintLevel.OWNER, T0, T0,
                null, null, 0, null, null, null, null, null, null, "session-1", null, MemoryItem.MEMORY_OP);
        MemoryItem s2 = new MemoryItem("s2", "owner", "second", MemoryType.DECISION, null, null, TaintLevel.OWNER, T0,
                T0, null, null, 0, null, null, null, null, null, null, "session-1", null, MemoryItem.MEMORY_OP);
        store.store(s2);
        store.store(fact("other", "owner", "no session"));
        store.storeRaw(raw("raw", "owner", "raw in session-1"));
        store.store(s1);

        assertThat(store.searchSession("owner", "session-1")).containsExactly(s2, s1);
        assertThat(store.searchSession("owner", "session-2")).isEmpty();
    }

    @Test
    void listByType_activeLaneOfScopeOnly() {
        MemoryItem profile = MemoryItem.create("p1", "owner", "Name: Ada", MemoryType.PROFILE, TaintLevel.OWNER,
                MemoryItem.MEMORY_OP, T0);
        store.store(profile);
        store.store(fact("f1", "owner", "a fact"));
        store.store(MemoryItem.create("p2", "conn-1", "Name: Bob", MemoryType.PROFILE, TaintLevel.AUTH,
                MemoryItem.MEMORY_OP, T0));
        store.storeRaw(raw("r1", "owner", "raw episode"));

        assertThat(store.listByType("owner", MemoryType.PROFILE)).containsExactly(profile);
        assertThat(store.listByType("owner", MemoryType.EPISODE)).isEmpty();
    }

    @Test
    void arguments_invalid_rejected() {
        assertCode(() -> store.store(null), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.storeRaw(null), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.update(null), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.get(" ", "m1"), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.get("owner", null), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.delete(null, "m1"), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.searchKeyword("owner", null, 10), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.searchKeyword("", "x", 10), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.searchKeyword("owner", "x", -1), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.searchRaw("owner", "x", -1), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.searchSession("owner", " "), ErrorCode.INVALID_INPUT);
        assertCode(() -> store.listByType("owner", null), ErrorCode.INVALID_INPUT);
    }

    @Test
    void store_concurrently8Threads500Each_noLostOrDuplicatedMemories() throws Exception {
        int perThread = 500;

        runConcurrently(8, t -> {
            for (int i = 0; i < perThread; i++) {
                String id = "t" + t + "-" + i;
                if (i % 2 == 0) {
                    store.store(fact(id, "owner", "shared note " + id));
                } else {
                    store.storeRaw(raw(id, "owner", "shared raw " + id));
                }
            }
            return null;
        });

        List<String> active = store.searchKeyword("owner", "shared", 10_000).stream().map(MemoryItem::memoryId).toList();
        List<String> rawLane = store.searchRaw("owner", "shared", 10_000).stream().map(MemoryItem::memoryId).toList();
        assertThat(active).hasSize(8 * perThread / 2).doesNotHaveDuplicates();
        assertThat(rawLane).hasSize(8 * perThread / 2).doesNotHaveDuplicates();
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < perThread; i += 37) {
                assertThat(store.get("owner", "t" + t + "-" + i)).isPresent();
            }
        }
    }
}
