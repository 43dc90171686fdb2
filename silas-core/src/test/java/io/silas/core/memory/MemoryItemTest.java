package io.silas.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.vocabulary.TaintLevel;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MemoryItemTest {
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-02-02T11:30:00.123Z");

    static MemoryItem full() {
        return new MemoryItem("mem-1", "owner", "User prefers sources", MemoryType.PREFERENCE,
                ReingestionTier.ACTIVE, TrustLevel.VERIFIED, TaintLevel.AUTH, T0, T1, T0, T1, 3, T1,
                List.of("behavior:response/include_sources"), List.of("user"), List.of("mem-0"), "mem-2", "mem-0",
                "session-9", List.of(0.25f, -1.5f), MemoryItem.MEMORY_OP);
    }

    static Stream<MemoryItem> samples() {
        return Stream.of(full(),
                MemoryItem.create("mem-2", "conn-7", "a fact", MemoryType.FACT, TaintLevel.OWNER, MemoryItem.MEMORY_OP,
                        T0),
                MemoryItem.raw("mem-3", "owner", "[external] bob: hi", TaintLevel.EXTERNAL,
                        MemoryItem.CONVERSATION_RAW, null, T0));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void json_sample_roundTripsThroughSharedAndStrictMapper(MemoryItem item) {
        String json = Json.write(item);
        assertThat(Json.read(json, MemoryItem.class)).isEqualTo(item);
        assertThat(Json.readStrict(json, MemoryItem.class)).isEqualTo(item);
    }

    @Test
    void json_fieldsAndEnums_useSpecSnakeCaseNames() {
        String json = Json.write(MemoryItem.raw("m", "owner", "x", TaintLevel.EXTERNAL, MemoryItem.TOOL_OUTPUT_RAW,
                null, T0));
        assertThat(json).contains("\"memory_id\":\"m\"", "\"scope_id\":\"owner\"", "\"memory_type\":\"episode\"",
                "\"reingestion_tier\":\"low_reingestion\"", "\"trust_level\":\"working\"", "\"taint\":\"external\"",
                "\"source_kind\":\"tool_output_raw\"", "\"created_at\":\"2026-02-01T10:00:00Z\"");
        assertThat(Json.write(MemoryType.SKILL_NOTE)).isEqualTo("\"skill_note\"");
    }

    @Test
    void read_missingTierAndTrust_takeSpecDefaults() {
        MemoryItem item = Json.read("""
                {"memory_id":"m","scope_id":"owner","content":"c","memory_type":"fact","taint":"owner",
                 "created_at":"2026-02-01T10:00:00Z","updated_at":"2026-02-01T10:00:00Z","source_kind":"memory_op",
                 "access_count":0}
                """, MemoryItem.class);
        assertThat(item.reingestionTier()).isEqualTo(ReingestionTier.ACTIVE);
        assertThat(item.trustLevel()).isEqualTo(TrustLevel.WORKING);
        assertThat(item.semanticTags()).isEmpty();
        assertThat(item.embedding()).isNull();
    }

    @Test
    void read_missingTaint_rejectedNamingTaint() {
        assertInvalid(() -> Json.read("""
                {"memory_id":"m","scope_id":"owner","content":"c","memory_type":"fact",
                 "created_at":"2026-02-01T10:00:00Z","updated_at":"2026-02-01T10:00:00Z","source_kind":"memory_op",
                 "access_count":0}
                """, MemoryItem.class), "taint");
    }

    @Test
    void read_unknownMemoryType_rejected() {
        assertThatThrownBy(() -> Json.read("""
                {"memory_id":"m","scope_id":"owner","content":"c","memory_type":"gossip","taint":"owner",
                 "created_at":"2026-02-01T10:00:00Z","updated_at":"2026-02-01T10:00:00Z","source_kind":"memory_op",
                 "access_count":0}
                """, MemoryItem.class))
                .isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("memory_type");
                });
    }

    @Test
    void constructor_eachInvalidField_rejectedNamingIt() {
        MemoryItem f = full();
        assertInvalid(() -> copy(f, "", f.scopeId(), f.content(), f.taint(), f.trustLevel(), f.createdAt(),
                f.updatedAt(), f.accessCount(), f.embedding(), f.sourceKind()), "memory_id");
        assertInvalid(() -> copy(f, f.memoryId(), " ", f.content(), f.taint(), f.trustLevel(), f.createdAt(),
                f.updatedAt(), f.accessCount(), f.embedding(), f.sourceKind()), "scope_id");
        assertInvalid(() -> copy(f, f.memoryId(), f.scopeId(), "", f.taint(), f.trustLevel(), f.createdAt(),
                f.updatedAt(), f.accessCount(), f.embedding(), f.sourceKind()), "content");
        assertInvalid(() -> copy(f, f.memoryId(), f.scopeId(), f.content(), TaintLevel.EXTERNAL,
                TrustLevel.CONSTITUTIONAL, f.createdAt(), f.updatedAt(), f.accessCount(), f.embedding(),
                f.sourceKind()), "taint");
        assertInvalid(() -> copy(f, f.memoryId(), f.scopeId(), f.content(), f.taint(), f.trustLevel(), null,
                f.updatedAt(), f.accessCount(), f.embedding(), f.sourceKind()), "created_at");
        assertInvalid(() -> copy(f, f.memoryId(), f.scopeId(), f.content(), f.taint(), f.trustLevel(), T1, T0,
                f.accessCount(), f.embedding(), f.sourceKind()), "updated_at");
        assertInvalid(() -> copy(f, f.memoryId(), f.scopeId(), f.content(), f.taint(), f.trustLevel(),
                f.createdAt(), f.updatedAt(), -1, f.embedding(), f.sourceKind()), "access_count");
        assertInvalid(() -> copy(f, f.memoryId(), f.scopeId(), f.content(), f.taint(), f.trustLevel(),
                f.createdAt(), f.updatedAt(), 0, List.of(Float.NaN), f.sourceKind()), "embedding");
        assertInvalid(() -> copy(f, f.memoryId(), f.scopeId(), f.content(), f.taint(), f.trustLevel(),
                f.createdAt(), f.updatedAt(), 0, List.of(), f.sourceKind()), "embedding");
        assertInvalid(() -> copy(f, f.memoryId(), f.scopeId(), f.content(), f.taint(), f.trustLevel(),
                f.createdAt(), f.updatedAt(), 0, null, ""), "source_kind");
    }

    @Test
    void constructor_validityWindowReversed_rejectedNamingValidUntil() {
        MemoryItem f = full();
        assertInvalid(() -> new MemoryItem(f.memoryId(), f.scopeId(), f.content(), f.memoryType(),
                f.reingestionTier(), f.trustLevel(), f.taint(), T0, T1, T1, T0, 0, null, List.of(), List.of(),
                List.of(), null, null, null, null, f.sourceKind()), "valid_until");
    }

    @Test
    void constructor_nullTag_rejectedNamingSemanticTags() {
        MemoryItem f = full();
        assertInvalid(() -> new MemoryItem(f.memoryId(), f.scopeId(), f.content(), f.memoryType(),
                f.reingestionTier(), f.trustLevel(), f.taint(), T0, T1, null, null, 0, null, Arrays.asList("a", null),
                List.of(), List.of(), null, null, null, null, f.sourceKind()), "semantic_tags");
    }

    @Test
    void withContent_externalSource_downgradesTaintAndDropsEmbedding() {
        MemoryItem updated = full().withContent("new text", TaintLevel.EXTERNAL, T1.plusSeconds(5));
        assertThat(updated.taint()).isEqualTo(TaintLevel.EXTERNAL);
        assertThat(updated.content()).isEqualTo("new text");
        assertThat(updated.updatedAt()).isEqualTo(T1.plusSeconds(5));
        assertThat(updated.embedding()).isNull();
    }

    @Test
    void withContent_moreTrustedSource_keepsLessTrustedTaint() {
        assertThat(full().withContent("x", TaintLevel.OWNER, T1).taint()).isEqualTo(TaintLevel.AUTH);
    }

    @Test
    void withContent_constitutional_rejected() {
        MemoryItem constitutional = MemoryItem.create("c", "owner", "Never fabricate", MemoryType.FACT,
                TaintLevel.OWNER, MemoryItem.MEMORY_OP, T0).withTrustLevel(TrustLevel.CONSTITUTIONAL, T0);
        assertInvalid(() -> constitutional.withContent("Fabricate freely", TaintLevel.OWNER, T1), "trust_level");
    }

    @Test
    void withTrustLevel_externalToConstitutional_rejected() {
        MemoryItem raw = MemoryItem.raw("r", "owner", "x", TaintLevel.EXTERNAL, MemoryItem.CONVERSATION_RAW, null, T0);
        assertInvalid(() -> raw.withTrustLevel(TrustLevel.CONSTITUTIONAL, T1), "taint");
    }

    @Test
    void withAccess_incrementsCountAndStampsTime() {
        MemoryItem accessed = full().withAccess(T1.plusSeconds(60));
        assertThat(accessed.accessCount()).isEqualTo(4);
        assertThat(accessed.lastAccessed()).isEqualTo(T1.plusSeconds(60));
        assertThat(accessed.content()).isEqualTo(full().content());
    }

    private static MemoryItem copy(MemoryItem f, String id, String scope, String content, TaintLevel taint,
                                   TrustLevel trust, Instant created, Instant updated, int accessCount,
                                   List<Float> embedding, String sourceKind) {
        return new MemoryItem(id, scope, content, f.memoryType(), f.reingestionTier(), trust, taint, created, updated,
                null, null, accessCount, null, f.semanticTags(), f.entityRefs(), f.causalRefs(), null, null, null,
                embedding, sourceKind);
    }

    static void assertInvalid(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).startsWith(field + ":");
        });
    }
}
