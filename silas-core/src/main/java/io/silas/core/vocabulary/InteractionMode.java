package io.silas.core.vocabulary;

/**
 * How assertively Silas proceeds this turn (docs/contracts.md#interaction-register-and-mode, #stream-and-turns). Only
 * {@code InteractionModes.resolve(...)}
 * decides the effective mode; risk that requires confirmation always forces
 * {@link #CONFIRM_ONLY_WHEN_REQUIRED}.
 *
 * <ul>
 *   <li>{@link #DEFAULT_AND_OFFER}: pick the best default, then present alternatives.</li>
 *   <li>{@link #ACT_AND_REPORT}: execute within approval and policy boundaries, then report.</li>
 *   <li>{@link #CONFIRM_ONLY_WHEN_REQUIRED}: ask only when policy, risk or irreversibility requires it.</li>
 * </ul>
 */
public enum InteractionMode {
    /** Wire value {@code default_and_offer}. */
    DEFAULT_AND_OFFER,
    /** Wire value {@code act_and_report}. */
    ACT_AND_REPORT,
    /** Wire value {@code confirm_only_when_required}. */
    CONFIRM_ONLY_WHEN_REQUIRED
}
