package io.silas.core.connection;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;

/**
 * The user's answer to a setup step card (docs/contracts.md#connections).
 *
 * @param stepType echoes the step's {@link SetupStep#stepType()}; one of {@link SetupStep#TYPES}
 * @param action what the user did
 */
public record SetupStepResponse(String stepType, Action action) {
    /** User action on a setup card. */
    public enum Action {
        /** Wire value {@code done}. */
        DONE,
        /** Wire value {@code cancel}. */
        CANCEL,
        /** Wire value {@code trouble}. */
        TROUBLE,
        /** Wire value {@code retry}. */
        RETRY
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param stepType echoes the step's {
     * @param action   what the user did /
public
     */
    public SetupStepResponse {
        nonBlank(stepType, "step_type");
        if (!SetupStep.TYPES.contains(stepType)) {
            throw SilasException.invalid("step_type", "must be one of " + SetupStep.TYPES);
        }
        nonNull(action, "action");
    }
}
