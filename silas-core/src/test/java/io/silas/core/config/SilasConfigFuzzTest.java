package io.silas.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Arbitrary text never escapes as anything but a valid config or a {@code CONFIG_INVALID}, and an environment
 * value never appears in an error. Regression mode replays the committed seeds during {@code mvn test}.
 */
class SilasConfigFuzzTest {
    private static final String SECRET = "env-secret-7Qx";
    private static final Map<String, String> ENV = Map.of("A", SECRET, "B", "42");

    @FuzzTest(maxDuration = "30s")
    void parse_arbitraryText_validOrConfigInvalid(byte[] data) {
        String yaml = new String(data, StandardCharsets.UTF_8);
        try {
            SilasConfig config = SilasConfig.parse(yaml, ENV::get);
            assertThat(config.ownerId()).isNotBlank();
        } catch (SilasException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            if (!yaml.contains(SECRET)) {
                assertThat(e.getMessage()).doesNotContain(SECRET);
            }
        }
    }
}
