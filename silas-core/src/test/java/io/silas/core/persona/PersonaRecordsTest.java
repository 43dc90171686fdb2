package io.silas.core.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersonaRecordsTest {
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

    @Test
    void axisProfile_valueOutsideUnitRange_rejectedNamingAxis() {
        assertThatThrownBy(() -> new AxisProfile(0.5, 0.5, 1.01, 0.5, 0.5, 0.5, 0.5))
                .isInstanceOfSatisfying(SilasException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).startsWith("verbosity");
                });
        assertThatThrownBy(() -> new AxisProfile(Double.NaN, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5))
                .isInstanceOf(SilasException.class);
    }

    @Test
    void moodState_negativeValue_rejected() {
        assertThatThrownBy(() -> new MoodState(0.5, 0.5, 0.5, -0.1))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.getMessage()).startsWith("frustration"));
    }

    @Test
    void personaEvent_unknownDeltaKey_rejected() {
        assertThatThrownBy(() -> new PersonaEvent("e", "owner", "x", true, Map.of("charm", 0.1), Map.of(), "runtime", T0))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.getMessage()).startsWith("delta_axes"));
        assertThatThrownBy(() -> new PersonaEvent("e", "owner", "x", true, Map.of(), Map.of("warmth", 0.1), "runtime", T0))
                .isInstanceOfSatisfying(SilasException.class, e -> assertThat(e.getMessage()).startsWith("delta_mood"));
    }

    @Test
    void personaEvent_infiniteDelta_rejected() {
        assertThatThrownBy(() -> new PersonaEvent("e", "owner", "x", true, Map.of("warmth", Double.POSITIVE_INFINITY),
                Map.of(), "runtime", T0)).isInstanceOf(SilasException.class);
    }

    @Test
    void personaState_json_usesSpecFieldNamesAndRoundTrips() {
        PersonaState state = new PersonaState("owner", AxisProfile.neutral(), new MoodState(0.5, 0.5, 0.5, 0.0),
                "default", new VoiceConfig("warm", List.of("q"), null, List.of()), "", T0);

        String json = Json.write(state);

        assertThat(json).contains("\"scope_id\"", "\"baseline_axes\"", "\"active_preset\"", "\"last_context\"",
                "\"updated_at\"", "\"speech_patterns\":[]", "\"anti_patterns\"");
        assertThat(Json.read(json, PersonaState.class)).isEqualTo(state);
    }

    @Test
    void personaEvent_json_roundTrips() {
        PersonaEvent event = new PersonaEvent("e-1", "owner", "feedback_too_harsh", false, Map.of("warmth", 0.1),
                null, "owner_feedback", T0);

        String json = Json.write(event);

        assertThat(json).contains("\"delta_axes\"", "\"delta_mood\":{}", "\"event_type\"", "\"created_at\"");
        assertThat(Json.read(json, PersonaEvent.class)).isEqualTo(event);
    }

    @Test
    void personaState_withMethods_copyAndStampTime() {
        PersonaState state = new PersonaState("owner", AxisProfile.neutral(), new MoodState(0.5, 0.5, 0.5, 0.0),
                "default", VoiceConfig.of("warm"), "", T0);

        PersonaState changed = state.withLastContext("coding", T0.plusSeconds(1))
                .withBaselineAxes(new AxisProfile(1, 1, 1, 1, 1, 1, 1), T0.plusSeconds(2));

        assertThat(changed.lastContext()).isEqualTo("coding");
        assertThat(changed.baselineAxes().humor()).isEqualTo(1.0);
        assertThat(changed.updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(state.lastContext()).isEmpty();
    }
}
