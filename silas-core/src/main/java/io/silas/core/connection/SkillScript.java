package io.silas.core.connection;

import java.util.Locale;

/** The executables a connection skill may ship in its {@code scripts/} directory (docs/contracts.md#connections). */
public enum SkillScript {
    DISCOVER,
    SETUP,
    HEALTH_CHECK,
    REFRESH_TOKEN,
    RECOVER,
    PROBE;

    /** The file name under {@code scripts/}, e.g. {@code health_check}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
