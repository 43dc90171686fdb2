package io.silas.core.persona;

import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.util.List;

/**
 * The qualitative voice of a persona: a tone descriptor, signature quirks, preferred speech patterns and
 * forbidden style habits. Lists are copied; null lists become empty. Immutable.
 */
public record VoiceConfig(String tone, List<String> quirks, List<String> speechPatterns, List<String> antiPatterns) {
    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param tone           the tone
     * @param quirks         the quirks
     * @param speechPatterns the speech patterns
     * @param antiPatterns   the anti patterns
     */
    public VoiceConfig {
        if (tone == null) {
            throw SilasException.invalid("tone", "must not be null");
        }
        quirks = Checks.list(quirks, "quirks");
        speechPatterns = Checks.list(speechPatterns, "speech_patterns");
        antiPatterns = Checks.list(antiPatterns, "anti_patterns");
    }

    /**
     * {@return a voice with only a tone}
     *
     * @param tone the tone
     */
    public static VoiceConfig of(String tone) {
        return new VoiceConfig(tone, List.of(), List.of(), List.of());
    }
}
