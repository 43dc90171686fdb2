package io.silas.core.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.trust.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalityEngineTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
    private final PersonaStore store = PersonaStore.inMemory();
    private final PersonalityEngine engine = PersonalityEngine.create(store, clock);

    @Test
    void load_noStoredState_neutralBaselineAndMood() {
        PersonaState state = engine.load("web:1");

        assertThat(state.scopeId()).isEqualTo("web:1");
        assertThat(state.baselineAxes()).isEqualTo(AxisProfile.neutral());
        assertThat(engine.effectiveAxes(state, "")).isEqualTo(AxisProfile.neutral());
        assertThat(store.getState("web:1")).isEmpty();
    }

    @Test
    void effectiveAxes_contextDeltaAddsToBaseline_andClampsToUnitRange() {
        PersonalityEngine high = PersonalityEngine.create(store, clock,
                new AxisProfile(0.5, 0.5, 0.5, 0.5, 0.5, 0.95, 0.5), VoiceConfig.of("calm"), Duration.ofMinutes(30));
        PersonaState state = high.load("s");

        assertThat(high.effectiveAxes(state, "execution").initiative()).isEqualTo(1.0);
        assertThat(high.effectiveAxes(state, "status").verbosity()).isCloseTo(0.35, within(1e-9));
        assertThat(high.effectiveAxes(state, "unknown_context")).isEqualTo(state.baselineAxes());
    }

    @Test
    void effectiveAxes_frustratedMood_lowersWarmthAndHumor() {
        PersonaState frustrated = engine.load("s").withMood(new MoodState(0.5, 0.5, 0.5, 1.0), clock.instant());

        AxisProfile axes = engine.effectiveAxes(frustrated, "");

        assertThat(axes.warmth()).isLessThan(0.5);
        assertThat(axes.humor()).isLessThan(0.5);
        assertThat(axes.assertiveness()).isGreaterThan(0.5);
    }

    @Test
    void renderDirectives_anyState_proseWithoutDigits() {
        PersonalityEngine voiced = PersonalityEngine.create(store, clock,
                new AxisProfile(0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9),
                new VoiceConfig("dry, 100% precise", List.of("uses 2 examples"), List.of(), List.of("emoji")),
                Duration.ofMinutes(30));
        PersonaState state = voiced.load("s").withMood(new MoodState(0.1, 0.2, 0.9, 0.8), clock.instant());

        String directives = voiced.renderDirectives(state, "review");

        assertThat(directives).doesNotContainPattern("[0-9]")
                .contains("Be warm and caring", "Defer to the user's preferences", "Explain thoroughly",
                        "stay calm", "Overall tone: dry", "Avoid: emoji");
    }

    @Test
    void applyEvent_blocked_movesMoodAppendsEventAndSaves() {
        PersonaState before = engine.load("web:1");

        PersonaState after = engine.applyEvent(before, PersonalityEngine.EVENT_BLOCKED, true, "runtime");

        assertThat(after.mood().frustration()).isCloseTo(0.15, within(1e-9));
        assertThat(after.mood().patience()).isCloseTo(0.4, within(1e-9));
        assertThat(after.baselineAxes()).isEqualTo(before.baselineAxes());
        assertThat(store.getState("web:1")).contains(after);
        assertThat(store.listEvents("web:1")).singleElement().satisfies(e -> {
            assertThat(e.eventType()).isEqualTo("blocked");
            assertThat(e.deltaMood()).containsEntry("frustration", 0.15);
            assertThat(e.source()).isEqualTo("runtime");
        });
    }

    @Test
    void applyEvent_untrustedFeedback_leavesBaseline_trustedDriftsIt() {
        PersonaState state = engine.load("s");

        PersonaState untrusted = engine.applyEvent(state, "feedback_too_harsh", false, "channel");
        PersonaState trusted = engine.applyEvent(state, "feedback_too_harsh", true, "owner_feedback");

        assertThat(untrusted.baselineAxes()).isEqualTo(AxisProfile.neutral());
        assertThat(trusted.baselineAxes().warmth()).isCloseTo(0.55, within(1e-9));
        assertThat(store.listEvents("s")).extracting(PersonaEvent::deltaAxes)
                .containsExactly(java.util.Map.of(), java.util.Map.of("warmth", 0.05, "assertiveness", -0.05));
    }

    @Test
    void applyEvent_unknownType_recordedWithoutDeltas() {
        PersonaState state = engine.load("s");

        PersonaState after = engine.applyEvent(state, "custom_host_event", true, "runtime");

        assertThat(after.mood()).isEqualTo(state.mood());
        assertThat(store.listEvents("s")).singleElement()
                .satisfies(e -> assertThat(e.deltaMood()).isEmpty());
    }

    @Test
    void decay_oneHalfLife_halvesDistanceToNeutral() {
        PersonaState frustrated = engine.applyEvent(engine.load("s"), PersonalityEngine.EVENT_BLOCKED, true, "runtime");
        clock.advance(Duration.ofMinutes(30));

        PersonaState decayed = engine.decay(frustrated, clock.instant());

        assertThat(decayed.mood().frustration()).isCloseTo(0.075, within(1e-9));
        assertThat(decayed.mood().patience()).isCloseTo(0.45, within(1e-9));
        assertThat(decayed.updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void decay_noElapsedTime_unchanged() {
        PersonaState state = engine.applyEvent(engine.load("s"), PersonalityEngine.EVENT_BLOCKED, true, "runtime");

        assertThat(engine.decay(state, clock.instant().minusSeconds(5))).isSameAs(state);
    }

    @Test
    void create_zeroHalfLife_rejected() {
        assertThatThrownBy(() -> PersonalityEngine.create(store, clock, AxisProfile.neutral(), VoiceConfig.of(""),
                Duration.ZERO)).isInstanceOfSatisfying(SilasException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}
