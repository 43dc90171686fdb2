package io.silas.core.connection;

import io.silas.core.connection.ConnectionFailure.FailureType;
import io.silas.core.connection.RecoveryOption.RiskLevel;
import io.silas.core.error.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * The failure-type → recovery-options table of docs/contracts.md#connections, used when a failure card is rendered. A
 * script that reports its own options keeps them; a failure without options gets the table's options for its type.
 * Every list ends with exactly one {@code skip}.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>failure type</th><th>options</th></tr>
 *   <tr><td>enterprise_policy_block</td><td>draft_it_request, use_personal_account, skip</td></tr>
 *   <tr><td>consent_denied</td><td>retry, retry_fewer_permissions, skip</td></tr>
 *   <tr><td>mfa_required</td><td>retry, skip</td></tr>
 *   <tr><td>token_revoked</td><td>reconnect, skip</td></tr>
 *   <tr><td>rate_limited</td><td>retry_later, skip</td></tr>
 *   <tr><td>service_unavailable</td><td>retry_later, skip</td></tr>
 *   <tr><td>unknown</td><td>retry, skip</td></tr>
 * </table>
 *
 * <p>Stateless and thread-safe. No option is irreversible: the riskiest one (use another account) is
 * {@code medium}.
 */
public final class RecoveryOptions {
    private RecoveryOptions() {
    }

    /**
     * {@return the default options for a failure type, ending with {@code skip}}
     *
     * @param type the type
     */
    public static List<RecoveryOption> forType(FailureType type) {
        Checks.nonNull(type, "failure_type");
        return switch (type) {
            case ENTERPRISE_POLICY_BLOCK -> List.of(
                    option("draft_it_request", "Draft IT request",
                            "Prepare a request to your IT admin for review before it is sent.", RiskLevel.LOW),
                    option("use_personal_account", "Use personal account",
                            "Set up the connection with a personal account instead.", RiskLevel.MEDIUM),
                    RecoveryOption.skip());
            case CONSENT_DENIED -> List.of(
                    option("retry", "Retry", "Start the authorization again.", RiskLevel.LOW),
                    option("retry_fewer_permissions", "Retry with fewer permissions",
                            "Start again and ask only for the minimum permissions.", RiskLevel.LOW),
                    RecoveryOption.skip());
            case MFA_REQUIRED -> List.of(
                    option("retry", "Retry", "Complete multi-factor authentication, then try again.", RiskLevel.LOW),
                    RecoveryOption.skip());
            case TOKEN_REVOKED -> List.of(
                    option("reconnect", "Reconnect", "Sign in again to restore access.", RiskLevel.LOW),
                    RecoveryOption.skip());
            case RATE_LIMITED -> List.of(
                    option("retry_later", "Retry later", "Try again once the service stops limiting requests.",
                            RiskLevel.LOW),
                    RecoveryOption.skip());
            case SERVICE_UNAVAILABLE -> List.of(
                    option("retry_later", "Retry later", "Try again when the service responds.", RiskLevel.LOW),
                    RecoveryOption.skip());
            case UNKNOWN -> List.of(
                    option("retry", "Retry", "Try the same step again.", RiskLevel.LOW),
                    RecoveryOption.skip());
        };
    }

    /**
     * {@return the options to render for a failure: its own options when it has any besides {@code skip}, otherwise the
     * defaults of its type; {@code skip} appended when missing}
     *
     * @param failure the structured failure
     */
    public static List<RecoveryOption> forFailure(ConnectionFailure failure) {
        Checks.nonNull(failure, "failure");
        boolean ownOptions = failure.recoveryOptions().stream()
                .anyMatch(o -> !o.action().equals(RecoveryOption.SKIP));
        if (!ownOptions) {
            return forType(failure.failureType());
        }
        List<RecoveryOption> options = new ArrayList<>(failure.recoveryOptions());
        options.removeIf(o -> o.action().equals(RecoveryOption.SKIP));
        options.add(RecoveryOption.skip());
        return List.copyOf(options);
    }

    /**
     * {@return the failure with its rendered options ({@link #forFailure}), as a failure card carries it}
     *
     * @param failure the structured failure
     */
    public static ConnectionFailure withOptions(ConnectionFailure failure) {
        return new ConnectionFailure(failure.failureType(), failure.service(), failure.message(),
                forFailure(failure));
    }

    private static RecoveryOption option(String action, String label, String description, RiskLevel risk) {
        return new RecoveryOption(action, label, description, risk);
    }
}
