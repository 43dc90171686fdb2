package io.silas.core.connection;

import java.util.Locale;

/** The executables a connection skill may ship in its {@code scripts/} directory (docs/contracts.md#connections). */
public enum SkillScript {
    /** Wire value {@code discover}. */
    DISCOVER,
    /** Wire value {@code setup}. */
    SETUP,
    /** Wire value {@code health_check}. */
    HEALTH_CHECK,
    /** Wire value {@code refresh_token}. */
    REFRESH_TOKEN,
    /** Wire value {@code recover}. */
    RECOVER,
    /** Wire value {@code probe}. */
    PROBE;

    /** {@return the file name under {@code scripts/}, e.g. {@code health_check}} */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
