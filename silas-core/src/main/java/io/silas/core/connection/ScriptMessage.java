package io.silas.core.connection;

import static io.silas.core.error.Checks.list;
import static io.silas.core.error.Checks.nonBlank;
import static io.silas.core.error.Checks.nonNull;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.silas.core.error.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A message the manager writes to a skill script's stdin, one JSON object per line (docs/contracts.md#connections). The
 * variant is in {@code "type"}: {@code start}, {@code step_result}, {@code cancel} for {@code setup}; {@code invoke}
 * for every other script.
 *
 * <p>Security guarantees: no variant carries a secret. A collected credential is named only by its secret-store
 * ref ({@link StepResult#credentialRef()}), and the same ref is in the script's {@code CREDENTIAL_REF_*}
 * environment.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ScriptMessage.Start.class, name = "start"),
    @JsonSubTypes.Type(value = ScriptMessage.StepResult.class, name = "step_result"),
    @JsonSubTypes.Type(value = ScriptMessage.Cancel.class, name = "cancel"),
    @JsonSubTypes.Type(value = ScriptMessage.Invoke.class, name = "invoke")
})
public sealed interface ScriptMessage {
    /**
     * Begins a setup conversation.
     *
     * @param authStrategy the skill's strategy
     * @param initialPermissions scopes to request
     * @param incrementalScopes extra scopes (permission escalation); empty at first setup
     * @param identityHint optional account hint, e.g. an e-mail address
     */
    record Start(AuthStrategy authStrategy, List<String> initialPermissions, List<String> incrementalScopes,
                 @Nullable String identityHint) implements ScriptMessage {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param authStrategy       the skill's strategy
         * @param initialPermissions scopes to request
         * @param incrementalScopes  extra scopes (permission escalation); empty at first setup
         * @param identityHint       optional account hint, e.g. an e-mail address /
         */
        public Start {
            nonNull(authStrategy, "auth_strategy");
            initialPermissions = list(initialPermissions, "initial_permissions");
            incrementalScopes = list(incrementalScopes, "incremental_scopes");
        }
    }

    /**
     * The user's answer to a presented step.
     *
     * @param stepType the answered step's type
     * @param action what the user did (never {@code cancel}: a cancel is {@link Cancel})
     * @param refId for a secure-input step, the script's own {@code ref_id} that was answered
     * @param credentialRef for a stored secure input, the secret-store ref now holding the secret
     */
    record StepResult(String stepType, SetupStepResponse.Action action, @Nullable String refId,
                      @Nullable String credentialRef) implements ScriptMessage {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param stepType      the answered step's type
         * @param action        what the user did (never {
         * @param refId         for a secure-input step, the script's own {
         * @param credentialRef for a stored secure input, the secret-store ref now holding the secret /
         */
        public StepResult {
            nonBlank(stepType, "step_type");
            nonNull(action, "action");
        }
    }

    /** The user cancelled (or a card timed out): the script must stop and report nothing more. */
    record Cancel() implements ScriptMessage {
    }

    /**
     * Runs a non-setup script for a connection.
     *
     * @param connectionId the connection
     * @param skillName the skill
     */
    record Invoke(String connectionId, String skillName) implements ScriptMessage {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param connectionId the connection
         * @param skillName    the skill /
         */
        public Invoke {
            nonBlank(connectionId, "connection_id");
            nonBlank(skillName, "skill_name");
        }
    }
}
