package io.silas.core.connection;

import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import io.silas.core.error.SilasException;
import java.util.regex.Pattern;

/**
 * One recovery path offered as a chip on a connection failure card (docs/contracts.md#connections).
 *
 * @param action machine-readable key ({@code [a-z][a-z0-9_]*}), e.g. {@code retry_later}, {@code skip}
 * @param label chip label
 * @param description one line on what happens
 * @param riskLevel risk ladder position
 */
public record RecoveryOption(String action, String label, String description, RiskLevel riskLevel) {
    /** The action key of the option every failure card offers. */
    public static final String SKIP = "skip";
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*");

    /** Risk of a recovery option; recovery never offers an irreversible step. */
    public enum RiskLevel {
        /** Wire value {@code low}. */
        LOW,
        /** Wire value {@code medium}. */
        MEDIUM,
        /** Wire value {@code high}. */
        HIGH
    }

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param action      machine-readable key ({
     * @param label       chip label
     * @param description one line on what happens
     * @param riskLevel   risk ladder position /
public
     */
    public RecoveryOption {
        nonBlank(action, "action");
        if (!ACTION.matcher(action).matches()) {
            throw SilasException.invalid("action", "must match [a-z][a-z0-9_]*");
        }
        nonBlank(label, "label");
        nonBlank(description, "description");
        nonNull(riskLevel, "risk_level");
    }

    /** {@return the {@code skip} option: leave the connection unconnected for now} */
    public static RecoveryOption skip() {
        return new RecoveryOption(SKIP, "Skip", "Continue without this connection for now.", RiskLevel.LOW);
    }
}
