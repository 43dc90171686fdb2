package io.silas.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretValueTest {
    private static final String CANARY = "sk-live-CANARY-7f3a";

    @Test
    void toString_masked() {
        try (SecretValue v = SecretValue.copyOf(CANARY.toCharArray())) {
            assertThat(v.toString()).isEqualTo("***");
            assertThat("value=" + v).isEqualTo("value=***");
        }
    }

    @Test
    void json_masked() {
        try (SecretValue v = SecretValue.copyOf(CANARY.toCharArray())) {
            assertThat(Json.write(Map.of("api_key", v))).isEqualTo("{\"api_key\":\"***\"}");
        }
    }

    @Test
    void revealChars_copyOfContent() {
        char[] source = CANARY.toCharArray();
        try (SecretValue v = SecretValue.copyOf(source)) {
            source[0] = 'X';
            char[] revealed = v.revealChars();
            revealed[1] = 'Y';
            assertThat(new String(v.revealChars())).isEqualTo(CANARY);
            assertThat(v.length()).isEqualTo(CANARY.length());
        }
    }

    @Test
    void utf8_roundTrip() {
        String s = "pässwörd-\uD83D\uDD11";
        try (SecretValue v = SecretValue.copyOfUtf8(s.getBytes(StandardCharsets.UTF_8))) {
            assertThat(new String(v.revealUtf8(), StandardCharsets.UTF_8)).isEqualTo(s);
        }
    }

    @Test
    void copyOfUtf8_invalidUtf8_invalidInputWithoutContent() {
        assertThatThrownBy(() -> SecretValue.copyOfUtf8(new byte[] {(byte) 0xff, 'a'}))
                .isInstanceOf(SilasException.class).hasMessageNotContaining("a\"");
    }

    @Test
    void close_wipesAndBlocksAccess() {
        SecretValue v = SecretValue.copyOf(CANARY.toCharArray());
        v.close();
        v.close();

        assertThat(v.isClosed()).isTrue();
        assertThatThrownBy(v::revealChars).isInstanceOf(SilasException.class).hasMessageNotContaining(CANARY);
        assertThatThrownBy(v::revealUtf8).isInstanceOf(SilasException.class);
        assertThat(v.toString()).isEqualTo("***");
    }

    @Test
    void equals_identityOnly_contentEqualsCompares() {
        try (SecretValue a = SecretValue.copyOf(CANARY.toCharArray());
             SecretValue b = SecretValue.copyOf(CANARY.toCharArray());
             SecretValue c = SecretValue.copyOf("other".toCharArray())) {
            assertThat(a).isNotEqualTo(b).isEqualTo(a);
            assertThat(a.contentEquals(b)).isTrue();
            assertThat(a.contentEquals(c)).isFalse();
            assertThat(a.hashCode()).isEqualTo(System.identityHashCode(a));
        }
    }
}
