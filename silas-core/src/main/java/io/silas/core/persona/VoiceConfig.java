package io.silas.core.persona;

import io.silas.core.error.SilasException;
import java.util.List;
import java.util.Objects;

/**
 * The qualitative voice of a persona: a tone descriptor, signature quirks, preferred speech patterns and
 * forbidden style habits. Lists are copied; null lists become empty. Immutable.
 */
public record VoiceConfig(String tone, List<String> quirks, List<String> speechPatterns, List<String> antiPatterns) {
    public VoiceConfig {
        if (tone == null) {
            throw SilasException.invalid("tone", "must not be null");
        }
        quirks = copy("quirks", quirks);
        speechPatterns = copy("speech_patterns", speechPatterns);
        antiPatterns = copy("anti_patterns", antiPatterns);
    }

    /** A voice with only a tone. */
    public static VoiceConfig of(String tone) {
        return new VoiceConfig(tone, List.of(), List.of(), List.of());
    }

    private static List<String> copy(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw SilasException.invalid(field, "must not contain null");
        }
        return List.copyOf(values);
    }
}
