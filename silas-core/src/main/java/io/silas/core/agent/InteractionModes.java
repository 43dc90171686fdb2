package io.silas.core.agent;

import io.silas.core.config.SilasConfig;
import io.silas.core.error.SilasException;
import io.silas.core.vocabulary.InteractionMode;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The single place where a turn's effective {@link InteractionMode} is decided
 * (docs/contracts.md#interaction-register-and-mode, docs/contracts.md#stream-and-turns). Nothing else in the SDK may
 * pick a mode, so the precedence below is the whole rule:
 *
 * <ol>
 *   <li>risk or policy requires confirmation → {@link InteractionMode#CONFIRM_ONLY_WHEN_REQUIRED};</li>
 *   <li>else the planner's override, if any;</li>
 *   <li>else the work item's mode, if any;</li>
 *   <li>else the proxy's proposed mode, if any;</li>
 *   <li>else, with high initiative ({@code initiative >= highInitiativeMin}, the threshold itself counts
 *       as high): {@link InteractionRegister#EXECUTION} → {@link InteractionMode#ACT_AND_REPORT},
 *       {@link InteractionRegister#EXPLORATION} → {@link InteractionMode#DEFAULT_AND_OFFER};</li>
 *   <li>else the register's configured default.</li>
 * </ol>
 *
 * <p>Stateless and thread-safe. <b>Security guarantees:</b> no model output can lower the mode below
 * {@code confirm_only_when_required} when the harness has determined that risk requires confirmation.
 */
public final class InteractionModes {
    private InteractionModes() {
    }

    /**
     * Resolves the effective mode.
     *
     * @param proxyMode the proxy's proposed mode, or {@code null}
     * @param plannerOverride the planner's {@code interaction_mode_override}, or {@code null}
     * @param workItemMode the active work item's {@code interaction_mode}, or {@code null}
     * @param riskRequiresConfirmation whether risk or policy forces confirmation (harness-determined)
     * @param initiative the effective initiative, finite and within {@code [0, 1]}
     * @param register the turn's register
     * @param highInitiativeMin threshold at or above which initiative is high, within {@code [0, 1]}
     * @param defaultByRegister default mode per register; must cover {@code register}
     * @return the interaction mode
     * @throws SilasException {@code INVALID_INPUT} naming the argument when it is out of range or missing
     */
    public static InteractionMode resolve(@Nullable InteractionMode proxyMode, @Nullable InteractionMode plannerOverride,
                                          @Nullable InteractionMode workItemMode, boolean riskRequiresConfirmation,
                                          double initiative, InteractionRegister register, double highInitiativeMin,
                                          Map<InteractionRegister, InteractionMode> defaultByRegister) {
        unit(initiative, "initiative");
        unit(highInitiativeMin, "high_initiative_min");
        if (register == null) {
            throw SilasException.invalid("interaction_register", "is required");
        }
        if (defaultByRegister == null || defaultByRegister.get(register) == null) {
            throw SilasException.invalid("default_mode_by_register",
                    "has no default for register " + register.name().toLowerCase(Locale.ROOT));
        }
        if (riskRequiresConfirmation) {
            return InteractionMode.CONFIRM_ONLY_WHEN_REQUIRED;
        }
        if (plannerOverride != null) {
            return plannerOverride;
        }
        if (workItemMode != null) {
            return workItemMode;
        }
        if (proxyMode != null) {
            return proxyMode;
        }
        if (initiative >= highInitiativeMin) {
            if (register == InteractionRegister.EXECUTION) {
                return InteractionMode.ACT_AND_REPORT;
            }
            if (register == InteractionRegister.EXPLORATION) {
                return InteractionMode.DEFAULT_AND_OFFER;
            }
        }
        return defaultByRegister.get(register);
    }

    /**
     * The typed default-mode map of a configuration's {@code interaction.default_mode_by_register}.
     *
     * @param interaction interaction register and mode
     * @return the interaction mode>
     * @throws SilasException {@code INVALID_INPUT} for an unknown register or mode name
     */
    public static Map<InteractionRegister, InteractionMode> defaultsByRegister(SilasConfig.Interaction interaction) {
        EnumMap<InteractionRegister, InteractionMode> typed = new EnumMap<>(InteractionRegister.class);
        interaction.defaultModeByRegister().forEach((register, mode) ->
                typed.put(parse(InteractionRegister.class, register, "default_mode_by_register"),
                        parse(InteractionMode.class, mode, "default_mode_by_register." + register)));
        return Map.copyOf(typed);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String wire, String field) {
        try {
            return Enum.valueOf(type, wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SilasException.invalid(field, "unknown value '" + wire + "'");
        }
    }

    private static void unit(double value, String field) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw SilasException.invalid(field, "must be within [0.0, 1.0]");
        }
    }
}
