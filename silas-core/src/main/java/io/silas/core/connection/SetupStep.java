package io.silas.core.connection;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One step of a connection setup conversation (docs/contracts.md#connections), emitted by a skill's setup script and
 * rendered by the channel as a card. JSON carries the variant in {@code "type"} with the protocol's names
 * ({@value #DEVICE_CODE}, {@value #BROWSER_REDIRECT}, {@value #SECURE_INPUT}, {@value #PROGRESS},
 * {@value #COMPLETION}, {@value #FAILURE}); a missing or unknown type is rejected as {@code INVALID_INPUT}.
 *
 * <p>Security guarantees: no variant carries a secret. Credentials reach the secret store only through the
 * out-of-band path named by {@link SecureInput#request()}; URLs must be absolute http(s) and a browser
 * redirect may only listen on a loopback address.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SetupStep.DeviceCode.class, name = SetupStep.DEVICE_CODE),
    @JsonSubTypes.Type(value = SetupStep.BrowserRedirect.class, name = SetupStep.BROWSER_REDIRECT),
    @JsonSubTypes.Type(value = SetupStep.SecureInput.class, name = SetupStep.SECURE_INPUT),
    @JsonSubTypes.Type(value = SetupStep.Progress.class, name = SetupStep.PROGRESS),
    @JsonSubTypes.Type(value = SetupStep.Completion.class, name = SetupStep.COMPLETION),
    @JsonSubTypes.Type(value = SetupStep.Failure.class, name = SetupStep.FAILURE)
})
public sealed interface SetupStep {
    /** The device code. */
    String DEVICE_CODE = "device_code";
    /** The browser redirect. */
    String BROWSER_REDIRECT = "browser_redirect";
    /** The secure input. */
    String SECURE_INPUT = "secure_input";
    /** The progress. */
    String PROGRESS = "progress";
    /** The completion. */
    String COMPLETION = "completion";
    /** The failure. */
    String FAILURE = "failure";

    /** All step type names, in declaration order. */
    List<String> TYPES = List.of(DEVICE_CODE, BROWSER_REDIRECT, SECURE_INPUT, PROGRESS, COMPLETION, FAILURE);

    /** {@return the wire name of this variant (the JSON {@code type})} */
    @JsonIgnore
    String stepType();

    /**
     * Show a code the user enters on the service's site.
     *
     * @param verificationUrl where the user enters the code
     * @param userCode the code to enter
     * @param expiresIn seconds until the code expires, {@code > 0}
     * @param pollInterval seconds between token polls, {@code > 0}
     */
    record DeviceCode(String verificationUrl, String userCode, int expiresIn, int pollInterval) implements SetupStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param verificationUrl where the user enters the code
         * @param userCode        the code to enter
         * @param expiresIn       seconds until the code expires, {
         * @param pollInterval    seconds between token polls, {
         */
        public DeviceCode {
            Checks.webUrl(verificationUrl, "verification_url");
            nonBlank(userCode, "user_code");
            if (expiresIn <= 0) {
                throw SilasException.invalid("expires_in", "must be > 0 seconds");
            }
            if (pollInterval <= 0) {
                throw SilasException.invalid("poll_interval", "must be > 0 seconds");
            }
        }

        @Override
        public String stepType() {
            return DEVICE_CODE;
        }
    }

    /**
     * Open the user's browser at the authorisation URL; the script catches the redirect locally.
     *
     * @param authUrl authorisation URL to open
     * @param listeningOn {@code host:port} of the callback server; host must be {@code 127.0.0.1},
     *     {@code localhost} or {@code [::1]}
     */
    record BrowserRedirect(String authUrl, String listeningOn) implements SetupStep {
        private static final Pattern LOOPBACK = Pattern.compile("(127\\.0\\.0\\.1|localhost|\\[::1]):(\\d{1,5})");

        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param authUrl     authorisation URL to open
         * @param listeningOn {
         */
        public BrowserRedirect {
            Checks.webUrl(authUrl, "auth_url");
            nonBlank(listeningOn, "listening_on");
            Matcher m = LOOPBACK.matcher(listeningOn);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65_535) {
                throw SilasException.invalid("listening_on", "must be a loopback host:port");
            }
        }

        @Override
        public String stepType() {
            return BROWSER_REDIRECT;
        }
    }

    /**
     * Collect a secret through the secure input path.
     *
     * @param request what to ask for and under which {@code ref_id} to store it
     */
    record SecureInput(SecureInputRequest request) implements SetupStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param request what to ask for and under which {
         */
        public SecureInput {
            nonNull(request, "request");
        }

        @Override
        public String stepType() {
            return SECURE_INPUT;
        }
    }

    /**
     * A status update during an asynchronous auth flow.
     *
     * @param message status text
     * @param progressPct completion percentage in {@code [0, 100]}, if known
     */
    record Progress(String message, @Nullable Double progressPct) implements SetupStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param message     status text
         * @param progressPct completion percentage in {
         */
        public Progress {
            nonBlank(message, "message");
            if (progressPct != null && !(progressPct >= 0.0 && progressPct <= 100.0)) {
                throw SilasException.invalid("progress_pct", "must be within [0, 100]");
            }
        }

        @Override
        public String stepType() {
            return PROGRESS;
        }
    }

    /**
     * The final result of setup.
     *
     * @param success whether setup succeeded
     * @param summary user-facing summary
     * @param permissionsGranted service-level permissions actually granted
     */
    record Completion(boolean success, String summary, List<String> permissionsGranted) implements SetupStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param success            whether setup succeeded
         * @param summary            user-facing summary
         * @param permissionsGranted service-level permissions actually granted /
         */
        public Completion {
            nonBlank(summary, "summary");
            permissionsGranted = list(permissionsGranted, "permissions_granted");
        }

        @Override
        public String stepType() {
            return COMPLETION;
        }
    }

    /**
     * Setup failed; present the recovery options.
     *
     * @param failure the structured failure
     */
    record Failure(ConnectionFailure failure) implements SetupStep {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param failure the structured failure /
         */
        public Failure {
            nonNull(failure, "failure");
        }

        @Override
        public String stepType() {
            return FAILURE;
        }
    }
}
