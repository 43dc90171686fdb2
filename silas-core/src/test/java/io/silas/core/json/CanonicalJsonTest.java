package io.silas.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    @Test
    void string_nestedMaps_sortedCompact() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", List.of(true, "x"));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("b", inner);
        outer.put("a", null);
        assertThat(CanonicalJson.string(outer)).isEqualTo("{\"a\":null,\"b\":{\"a\":[true,\"x\"],\"z\":1}}");
    }

    @Test
    void string_unicodeKeys_sortedByCodePoint() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\uD83D\uDE00", 1); // U+1F600 sorts after U+FFFD despite its high surrogate
        m.put("\uFFFD", 2);
        assertThat(CanonicalJson.string(m)).isEqualTo("{\"\uFFFD\":2,\"\uD83D\uDE00\":1}");
    }

    @Test
    void bytes_nan_rejected() {
        assertThatThrownBy(() -> CanonicalJson.bytes(Map.of("x", Double.NaN)))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void sha256_knownVector() {
        assertThat(Hashes.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void bytes_loneSurrogate_rejected() {
        assertThatThrownBy(() -> CanonicalJson.bytes(Map.of("x", "a\uD800")))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void string_enumsAndNumbers_lowerCaseAndShortest() {
        assertThat(CanonicalJson.string(Map.of("t", ErrorCode.INVALID_INPUT, "d", 0.1, "i", 10L)))
                .isEqualTo("{\"d\":0.1,\"i\":10,\"t\":\"invalid_input\"}");
    }
}
