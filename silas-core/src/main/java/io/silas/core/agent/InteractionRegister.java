package io.silas.core.agent;

import io.silas.core.vocabulary.InteractionMode;

/**
 * What kind of interaction a turn represents (docs/contracts.md#interaction-register-and-mode), inferred by the proxy
 * every turn and audited; users never set it. Together with the initiative level it selects the default {@link
 * InteractionMode}.
 */
public enum InteractionRegister {
    /** Wire value {@code exploration}. */
    EXPLORATION,
    /** Wire value {@code execution}. */
    EXECUTION,
    /** Wire value {@code review}. */
    REVIEW,
    /** Wire value {@code status}. */
    STATUS
}
