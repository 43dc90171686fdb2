package io.silas.core.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.silas.core.error.SilasException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything an ephemeral executor receives, and nothing more (docs/contracts.md#sandboxes-and-executors): no
 * conversation, memory, context or approval tokens.
 *
 * <p><b>Security guarantees.</b> {@link #credentialRefs()} holds opaque keyring reference ids only, never
 * secret values; executors pass them to the payload as {@code CREDENTIAL_REF_<NAME>} variables.
 *
 * @param executionId     unique id of this execution run
 * @param stepIndex       step index within the plan (0-based)
 * @param taskDescription the prose briefing of the work item
 * @param action          executor name, e.g. {@code shell_exec}
 * @param args            action-specific arguments (a JSON object)
 * @param inputArtifacts  named input files from previous steps (relative file name → UTF-8 content)
 * @param credentialRefs  credential name → opaque {@code ref_id}
 * @param timeoutSeconds  wall-clock limit (default 300)
 * @param maxOutputBytes  output cap (default 100,000)
 * @param sandboxConfig   sandbox configuration; null uses {@link SandboxConfig#defaults()}
 */
public record ExecutionEnvelope(
        String executionId,
        int stepIndex,
        String taskDescription,
        String action,
        JsonNode args,
        Map<String, String> inputArtifacts,
        Map<String, String> credentialRefs,
        int timeoutSeconds,
        int maxOutputBytes,
        @Nullable SandboxConfig sandboxConfig) {

    private static final Pattern CREDENTIAL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern REF_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param executionId     unique id of this execution run
     * @param stepIndex       step index within the plan (0-based)
     * @param taskDescription the prose briefing of the work item
     * @param action          executor name, e.g. {
     * @param args            action-specific arguments (a JSON object)
     * @param inputArtifacts  named input files from previous steps (relative file name → UTF-8 content)
     * @param credentialRefs  credential name → opaque {
     * @param timeoutSeconds  wall-clock limit (default 300)
     * @param maxOutputBytes  output cap (default 100,000)
     * @param sandboxConfig   sandbox configuration; null uses {
     */
    public ExecutionEnvelope {
        if (executionId == null || executionId.isBlank()) {
            throw SilasException.invalid("execution_id", "must not be blank");
        }
        if (stepIndex < 0) {
            throw SilasException.invalid("step_index", "must not be negative");
        }
        taskDescription = taskDescription == null ? "" : taskDescription;
        if (action == null || action.isBlank()) {
            throw SilasException.invalid("action", "must not be blank");
        }
        args = args == null ? JsonNodeFactory.instance.objectNode() : args.deepCopy();
        if (!args.isObject()) {
            throw SilasException.invalid("args", "must be a JSON object");
        }
        inputArtifacts = inputArtifacts == null ? Map.of() : Map.copyOf(inputArtifacts);
        credentialRefs = credentialRefs == null ? Map.of() : Map.copyOf(credentialRefs);
        credentialRefs.forEach((name, ref) -> {
            if (!CREDENTIAL_NAME.matcher(name).matches()) {
                throw SilasException.invalid("credential_refs", "invalid credential name '" + name + "'");
            }
            if (!REF_ID.matcher(ref).matches()) {
                throw SilasException.invalid("credential_refs", "ref id of " + name + " is not an opaque reference id");
            }
        });
        if (timeoutSeconds <= 0) {
            throw SilasException.invalid("timeout_seconds", "must be positive");
        }
        if (maxOutputBytes <= 0) {
            throw SilasException.invalid("max_output_bytes", "must be positive");
        }
    }

    /**
     * {@return an envelope with the defaults (300 s, 100,000 bytes, default sandbox) and no artifacts or refs}
     *
     * @param executionId unique id of this execution run
     * @param action what the agent wants to do
     * @param args declared arguments, unique names
     */
    public static ExecutionEnvelope of(String executionId, String action, JsonNode args) {
        return new ExecutionEnvelope(executionId, 0, "", action, args, Map.of(), Map.of(),
                (int) SandboxConfig.DEFAULT_TIMEOUT.toSeconds(), SandboxConfig.DEFAULT_MAX_OUTPUT_BYTES, null);
    }

    /** {@return the args as a defensive copy (records expose their component; JSON nodes are mutable)} */
    @Override
    public JsonNode args() {
        return args.deepCopy();
    }

    /**
     * {@return a copy with credential refs replaced}
     *
     * @param value the new value
     */
    public ExecutionEnvelope withCredentialRefs(Map<String, String> value) {
        return new ExecutionEnvelope(executionId, stepIndex, taskDescription, action, args, inputArtifacts, value,
                timeoutSeconds, maxOutputBytes, sandboxConfig);
    }

    /**
     * {@return a copy with input artifacts replaced}
     *
     * @param value the new value
     */
    public ExecutionEnvelope withInputArtifacts(Map<String, String> value) {
        return new ExecutionEnvelope(executionId, stepIndex, taskDescription, action, args, value, credentialRefs,
                timeoutSeconds, maxOutputBytes, sandboxConfig);
    }

    /**
     * {@return a copy with timeout seconds replaced}
     *
     * @param value the new value
     */
    public ExecutionEnvelope withTimeoutSeconds(int value) {
        return new ExecutionEnvelope(executionId, stepIndex, taskDescription, action, args, inputArtifacts,
                credentialRefs, value, maxOutputBytes, sandboxConfig);
    }

    /**
     * {@return a copy with max output bytes replaced}
     *
     * @param value the new value
     */
    public ExecutionEnvelope withMaxOutputBytes(int value) {
        return new ExecutionEnvelope(executionId, stepIndex, taskDescription, action, args, inputArtifacts,
                credentialRefs, timeoutSeconds, value, sandboxConfig);
    }

    /**
     * {@return a copy with sandbox config replaced}
     *
     * @param value the new value
     */
    public ExecutionEnvelope withSandboxConfig(@Nullable SandboxConfig value) {
        return new ExecutionEnvelope(executionId, stepIndex, taskDescription, action, args, inputArtifacts,
                credentialRefs, timeoutSeconds, maxOutputBytes, value);
    }

    /** {@return the timeout as a duration} */
    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /**
     * {@return the sandbox configuration to use: the given one or the defaults, with this envelope's timeout and cap}
     */
    public SandboxConfig effectiveSandboxConfig() {
        SandboxConfig base = sandboxConfig != null ? sandboxConfig : SandboxConfig.defaults();
        return base.withTimeout(timeout()).withMaxOutputBytes(maxOutputBytes);
    }
}
