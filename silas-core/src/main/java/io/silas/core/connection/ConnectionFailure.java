package io.silas.core.connection;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A structured connection failure with recovery options (docs/contracts.md#connections), returned by connection
 * scripts instead of a bare error and rendered as a failure card. A malformed script reply, a crash or a
 * timeout is reported as {@link #unknown(String, String)}.
 *
 * @param failureType classified cause
 * @param service service display name, e.g. "Microsoft 365"
 * @param message human-readable explanation
 * @param recoveryOptions actionable recovery paths; see {@link #optionsWithSkip()}
 */
public record ConnectionFailure(
        FailureType failureType,
        String service,
        String message,
        List<RecoveryOption> recoveryOptions) {

    /**
     * Classified failure cause. A value this SDK does not know (a newer script, a typo) reads as
     * {@link #UNKNOWN} rather than failing, so a failure report is never lost.
     */
    public enum FailureType {
        ENTERPRISE_POLICY_BLOCK,
        CONSENT_DENIED,
        MFA_REQUIRED,
        RATE_LIMITED,
        SERVICE_UNAVAILABLE,
        TOKEN_REVOKED,
        UNKNOWN;

        @JsonCreator
        static @Nullable FailureType fromWire(@Nullable String value) {
            if (value == null) {
                return null;
            }
            for (FailureType type : values()) {
                if (type.name().equalsIgnoreCase(value)) {
                    return type;
                }
            }
            return UNKNOWN;
        }
    }

    public ConnectionFailure {
        nonNull(failureType, "failure_type");
        nonBlank(service, "service");
        nonBlank(message, "message");
        recoveryOptions = list(recoveryOptions, "recovery_options");
    }

    /** An unclassified failure offering only {@code skip}. */
    public static ConnectionFailure unknown(String service, String message) {
        return new ConnectionFailure(FailureType.UNKNOWN, service, message, List.of(RecoveryOption.skip()));
    }

    /** The recovery options as rendered: the script's options, plus {@code skip} at the end if missing. */
    public List<RecoveryOption> optionsWithSkip() {
        if (recoveryOptions.stream().anyMatch(o -> o.action().equals(RecoveryOption.SKIP))) {
            return recoveryOptions;
        }
        List<RecoveryOption> options = new ArrayList<>(recoveryOptions);
        options.add(RecoveryOption.skip());
        return List.copyOf(options);
    }
}
