package io.silas.core.persona;

import io.silas.core.error.SilasException;
import java.util.List;

/**
 * The seven numeric personality control axes, each in {@code [0.0, 1.0]}. The model never sees these
 * numbers: the runtime renders prose directives from them. Immutable and validated on construction.
 */
public record AxisProfile(double warmth, double assertiveness, double verbosity, double formality, double humor,
                          double initiative, double certainty) {
    /** The axis names as they appear in JSON and in {@link PersonaEvent#deltaAxes()} keys. */
    public static final List<String> AXES = List.of(
            "warmth", "assertiveness", "verbosity", "formality", "humor", "initiative", "certainty");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param warmth        the warmth
     * @param assertiveness the assertiveness
     * @param verbosity     the verbosity
     * @param formality     the formality
     * @param humor         the humor
     * @param initiative    the effective initiative, finite and within {@code [0, 1]}
     * @param certainty     the certainty
     */
    public AxisProfile {
        Unit.check("warmth", warmth);
        Unit.check("assertiveness", assertiveness);
        Unit.check("verbosity", verbosity);
        Unit.check("formality", formality);
        Unit.check("humor", humor);
        Unit.check("initiative", initiative);
        Unit.check("certainty", certainty);
    }

    /** {@return every axis at 0.5} */
    public static AxisProfile neutral() {
        return new AxisProfile(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
    }

    /** Range check shared by the persona records. */
    static final class Unit {
        private Unit() {
        }

        static void check(String field, double value) {
            if (!(value >= 0.0 && value <= 1.0)) {
                throw SilasException.invalid(field, "must be within [0.0, 1.0] but was " + value);
            }
        }
    }
}
