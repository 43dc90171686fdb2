package io.silas.core.persona;

import java.util.List;

/**
 * The fast-changing session mood of a persona, each value in {@code [0.0, 1.0]}: energy (session drive),
 * patience (tolerance for repetition and failure), curiosity (novelty seeking) and frustration (pressure
 * accumulated from blockers). Immutable and validated on construction.
 */
public record MoodState(double energy, double patience, double curiosity, double frustration) {
    /** The mood field names as they appear in JSON and in {@link PersonaEvent#deltaMood()} keys. */
    public static final List<String> FIELDS = List.of("energy", "patience", "curiosity", "frustration");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param energy      the energy
     * @param patience    the patience
     * @param curiosity   the curiosity
     * @param frustration the frustration
     */
    public MoodState {
        AxisProfile.Unit.check("energy", energy);
        AxisProfile.Unit.check("patience", patience);
        AxisProfile.Unit.check("curiosity", curiosity);
        AxisProfile.Unit.check("frustration", frustration);
    }
}
