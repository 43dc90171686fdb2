package io.silas.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the protocol reader that parses untrusted skill-script output: any line either becomes a validated event
 * or is rejected as {@code INVALID_INPUT} — never another exception. Regression mode replays the committed seeds.
 */
class ScriptEventFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse_arbitraryLine_eventOrInvalidInput(byte[] input) {
        ScriptEvent event;
        try {
            event = ScriptEvent.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SilasException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            return;
        }
        assertThat(event).isNotNull();
    }
}
