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
        /** Wire value {@code enterprise_policy_block}. */
        ENTERPRISE_POLICY_BLOCK,
        /** Wire value {@code consent_denied}. */
        CONSENT_DENIED,
        /** Wire value {@code mfa_required}. */
        MFA_REQUIRED,
        /** Wire value {@code rate_limited}. */
        RATE_LIMITED,
        /** Wire value {@code service_unavailable}. */
        SERVICE_UNAVAILABLE,
        /** Wire value {@code token_revoked}. */
        TOKEN_REVOKED,
        /** Wire value {@code unknown}. */
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

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param failureType     classified cause
     * @param service         service display name, e.g. "Microsoft 365"
     * @param message         human-readable explanation
     * @param recoveryOptions actionable recovery paths; see {
     */
    public ConnectionFailure {
        nonNull(failureType, "failure_type");
        nonBlank(service, "service");
        nonBlank(message, "message");
        recoveryOptions = list(recoveryOptions, "recovery_options");
    }

    /**
     * {@return an unclassified failure offering only {@code skip}}
     *
     * @param service the service display name
     * @param message the message
     */
    public static ConnectionFailure unknown(String service, String message) {
        return new ConnectionFailure(FailureType.UNKNOWN, service, message, List.of(RecoveryOption.skip()));
    }

    /** {@return the recovery options as rendered: the script's options, plus {@code skip} at the end if missing} */
    public List<RecoveryOption> optionsWithSkip() {
        if (recoveryOptions.stream().anyMatch(o -> o.action().equals(RecoveryOption.SKIP))) {
            return recoveryOptions;
        }
        List<RecoveryOption> options = new ArrayList<>(recoveryOptions);
        options.add(RecoveryOption.skip());
        return List.copyOf(options);
    }
}
