package io.silas.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Hashes;
import io.silas.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryHasherTest {
    private static final String[] TEXTS = {
        "plain", "quote \" and backslash \\ and slash /", "controls \u0000\u0001\u001f\n\r\t\b\f\u007f",
        "grüße ñ 中文", "emoji \uD83D\uDE00 and \uD83C\uDF89", "separators \u2028\u2029", "", " "};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void hash_fromColumns_equalsHashOfCanonicalTree(int i) {
        String text = TEXTS[i];
        Map<String, Object> data = new HashMap<>();
        data.put(text, text);
        data.put("n", i * 1_000_000_007L);
        data.put("d", i / 7.0);
        data.put("list", List.of(text, Map.of("z", true, "a", i), List.of()));
        data.put("null", null);
        JsonNode stored = Json.tree(data);
        String prev = i == 0 ? AuditChain.GENESIS : "ab".repeat(32);
        AuditEntry entry = new AuditEntry("id-" + text, i + 1L, Instant.parse("2026-02-01T10:00:00.5Z").plusNanos(i),
                "event " + text, stored, prev, "");

        String fast = new EntryHasher().hash(entry.seq(), entry.id(), entry.at().toString(), entry.event(),
                CanonicalJson.string(stored), prev);

        assertThat(fast).isEqualTo(treeHash(entry)).isEqualTo(AuditChain.hashOf(entry));
    }

    /** Plain ASCII fields (written without the generator) around data holding every kind of text. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void hash_plainFieldsAroundAnyData_equalsHashOfCanonicalTree(int i) {
        JsonNode stored = Json.tree(Map.of("text", TEXTS[i], "n", i));
        AuditEntry entry = new AuditEntry("0f8c-" + i, i + 1L, Instant.parse("2026-02-01T10:00:00.5Z").plusNanos(i),
                "turn_completed", stored, "cd".repeat(32), "");

        String fast = new EntryHasher().hash(entry.seq(), entry.id(), entry.at().toString(), entry.event(),
                CanonicalJson.string(stored), entry.prevHash());

        assertThat(fast).isEqualTo(treeHash(entry)).isEqualTo(AuditChain.hashOf(entry));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1}", "{ \"a\":1}", "{\"a\":1.0}", "{\"a\":1} "})
    void hash_nonCanonicalSpellingOfSameData_doesNotMatch(String spelling) {
        AuditEntry entry = new AuditEntry("id", 1, Instant.parse("2026-02-01T10:00:00Z"), "e",
                Json.tree(Map.of("a", 1)), AuditChain.GENESIS, "");

        String fast = new EntryHasher().hash(1, "id", entry.at().toString(), "e", spelling, AuditChain.GENESIS);

        assertThat(fast).isNotEqualTo(treeHash(entry));
    }

    /** The chain rule computed independently: SHA-256 over prev_hash + the canonical tree of the entry. */
    private static String treeHash(AuditEntry entry) {
        byte[] prev = entry.prevHash().getBytes(StandardCharsets.UTF_8);
        byte[] body = CanonicalJson.bytes(entry.withoutHash());
        byte[] all = new byte[prev.length + body.length];
        System.arraycopy(prev, 0, all, 0, prev.length);
        System.arraycopy(body, 0, all, prev.length, body.length);
        return Hashes.sha256Hex(all);
    }
}
