package io.silas.gates;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Arbitrary text through the text-safety normalisation and redaction: nothing throws, every normalised char maps
 * back into the original in order, and the redacted output never holds a detectable PII item after normalisation.
 * Seeds (disguised cards, e-mails, IBANs and phrases) are committed under {@code TextNormaliserFuzzTestInputs}.
 */
class TextNormaliserFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void redact_arbitraryText_noPiiLeftAndOffsetsMapBack(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);

        TextNormaliser.View view = TextNormaliser.forMatching(text);
        assertThat(view.start()).hasSameSizeAs(view.end()).hasSize(view.text().length());
        int previous = 0;
        for (int i = 0; i < view.start().length; i++) {
            assertThat(view.start()[i]).isBetween(previous, text.length());
            assertThat(view.end()[i]).isGreaterThan(view.start()[i]).isLessThanOrEqualTo(text.length());
            previous = view.start()[i];
        }

        PiiRedactor.Redaction once = PiiRedactor.redact(text);
        assertThat(PiiRedactor.redact(once.text()).kinds()).as("PII left in %s", once.text()).isEmpty();
        if (once.kinds().isEmpty()) {
            assertThat(once.text()).isEqualTo(text);
        }
        assertThat(TextNormaliser.forJudging(text)).isNotNull();
        TextSafetyProvider.containsJailbreak(text, java.util.List.of(text));
    }
}
