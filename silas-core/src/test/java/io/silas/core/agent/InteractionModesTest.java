package io.silas.core.agent;

import static io.silas.core.agent.InteractionRegister.EXECUTION;
import static io.silas.core.agent.InteractionRegister.EXPLORATION;
import static io.silas.core.agent.InteractionRegister.REVIEW;
import static io.silas.core.agent.InteractionRegister.STATUS;
import static io.silas.core.vocabulary.InteractionMode.ACT_AND_REPORT;
import static io.silas.core.vocabulary.InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED;
import static io.silas.core.vocabulary.InteractionMode.DEFAULT_AND_OFFER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.InteractionMode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InteractionModesTest {
    private static final double THRESHOLD = 0.65;
    private static final Map<InteractionRegister, InteractionMode> DEFAULTS =
            InteractionModes.defaultsByRegister(SilasConfig.Interaction.defaults());
    /** Defaults that differ from what high initiative would pick, so the two branches are distinguishable. */
    private static final Map<InteractionRegister, InteractionMode> CONFIRM_DEFAULTS = Map.of(
            EXPLORATION, CONFIRM_ONLY_WHEN_REQUIRED, EXECUTION, CONFIRM_ONLY_WHEN_REQUIRED,
            REVIEW, CONFIRM_ONLY_WHEN_REQUIRED, STATUS, CONFIRM_ONLY_WHEN_REQUIRED);

    static Stream<Arguments> precedenceTable() {
        return Stream.of(
                // proxy, planner, workItem, risk, initiative, register, expected
                Arguments.of(ACT_AND_REPORT, ACT_AND_REPORT, ACT_AND_REPORT, true, 1.0, EXECUTION,
                        CONFIRM_ONLY_WHEN_REQUIRED),
                Arguments.of(null, null, null, true, 1.0, EXPLORATION, CONFIRM_ONLY_WHEN_REQUIRED),
                Arguments.of(ACT_AND_REPORT, DEFAULT_AND_OFFER, ACT_AND_REPORT, false, 1.0, EXECUTION,
                        DEFAULT_AND_OFFER),
                Arguments.of(null, CONFIRM_ONLY_WHEN_REQUIRED, null, false, 1.0, EXECUTION,
                        CONFIRM_ONLY_WHEN_REQUIRED),
                Arguments.of(DEFAULT_AND_OFFER, null, ACT_AND_REPORT, false, 0.0, STATUS, ACT_AND_REPORT),
                Arguments.of(null, null, DEFAULT_AND_OFFER, false, 1.0, EXECUTION, DEFAULT_AND_OFFER),
                Arguments.of(ACT_AND_REPORT, null, null, false, 0.0, REVIEW, ACT_AND_REPORT),
                Arguments.of(DEFAULT_AND_OFFER, null, null, false, 1.0, EXECUTION, DEFAULT_AND_OFFER),
                Arguments.of(null, null, null, false, 0.9, EXECUTION, ACT_AND_REPORT),
                Arguments.of(null, null, null, false, 0.9, EXPLORATION, DEFAULT_AND_OFFER),
                Arguments.of(null, null, null, false, THRESHOLD, EXECUTION, ACT_AND_REPORT),
                Arguments.of(null, null, null, false, THRESHOLD, EXPLORATION, DEFAULT_AND_OFFER),
                Arguments.of(null, null, null, false, 0.64, EXECUTION, CONFIRM_ONLY_WHEN_REQUIRED),
                Arguments.of(null, null, null, false, 0.64, EXPLORATION, CONFIRM_ONLY_WHEN_REQUIRED),
                Arguments.of(null, null, null, false, 1.0, REVIEW, CONFIRM_ONLY_WHEN_REQUIRED),
                Arguments.of(null, null, null, false, 1.0, STATUS, CONFIRM_ONLY_WHEN_REQUIRED));
    }

    @ParameterizedTest
    @MethodSource("precedenceTable")
    void resolve_precedenceTable_picksHighestSource(InteractionMode proxy, InteractionMode planner,
                                                    InteractionMode workItem, boolean risk, double initiative,
                                                    InteractionRegister register, InteractionMode expected) {
        assertThat(InteractionModes.resolve(proxy, planner, workItem, risk, initiative, register, THRESHOLD,
                CONFIRM_DEFAULTS)).isEqualTo(expected);
    }

    @Test
    void resolve_lowInitiativeNoSignals_usesConfiguredRegisterDefault() {
        assertThat(InteractionModes.resolve(null, null, null, false, 0.1, EXECUTION, THRESHOLD, DEFAULTS))
                .isEqualTo(ACT_AND_REPORT);
        assertThat(InteractionModes.resolve(null, null, null, false, 0.1, REVIEW, THRESHOLD, DEFAULTS))
                .isEqualTo(CONFIRM_ONLY_WHEN_REQUIRED);
        assertThat(InteractionModes.resolve(null, null, null, false, 0.1, STATUS, THRESHOLD, DEFAULTS))
                .isEqualTo(DEFAULT_AND_OFFER);
    }

    @Test
    void resolve_initiativeExactlyAtThreshold_countsAsHigh() {
        double threshold = 0.7;
        assertThat(InteractionModes.resolve(null, null, null, false, threshold, EXECUTION, threshold,
                CONFIRM_DEFAULTS)).isEqualTo(ACT_AND_REPORT);
        assertThat(InteractionModes.resolve(null, null, null, false, Math.nextDown(threshold), EXECUTION, threshold,
                CONFIRM_DEFAULTS)).isEqualTo(CONFIRM_ONLY_WHEN_REQUIRED);
    }

    @Test
    void resolve_initiativeOutOfRange_rejected() {
        assertThatThrownBy(() -> InteractionModes.resolve(null, null, null, false, Double.NaN, EXECUTION, THRESHOLD,
                DEFAULTS)).isInstanceOf(SilasException.class).hasMessageContaining("initiative")
                .extracting(e -> ((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> InteractionModes.resolve(null, null, null, false, 0.5, EXECUTION, 1.5, DEFAULTS))
                .isInstanceOf(SilasException.class).hasMessageContaining("high_initiative_min");
    }

    @Test
    void resolve_registerWithoutDefault_rejected() {
        assertThatThrownBy(() -> InteractionModes.resolve(null, null, null, false, 0.1, STATUS, THRESHOLD,
                Map.of(EXECUTION, ACT_AND_REPORT))).isInstanceOf(SilasException.class)
                .hasMessageContaining("default_mode_by_register");
    }

    @Test
    void defaultsByRegister_unknownMode_rejected() {
        SilasConfig.Interaction bad = new SilasConfig.Interaction(0.65, Map.of("execution", "yolo"), true);
        assertThatThrownBy(() -> InteractionModes.defaultsByRegister(bad)).isInstanceOf(SilasException.class)
                .hasMessageContaining("default_mode_by_register.execution");
    }
}
