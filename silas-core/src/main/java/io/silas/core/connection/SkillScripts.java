package io.silas.core.connection;

import io.silas.core.execution.SandboxManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds connection skills and runs their scripts over the NDJSON subprocess protocol (docs/contracts.md#connections).
 *
 * <p><b>Skills.</b> A skill is a directory {@code <skillsDir>/<name>/} holding {@code SKILL.md} with YAML front
 * matter ({@code name} equal to the directory name, {@code type: connection}, {@code auth_strategy},
 * {@code initial_permissions}, {@code available_permissions}) and a {@code scripts/} directory with any of the
 * {@link SkillScript} executables. A directory without valid front matter is not a skill.
 *
 * <p><b>Protocol.</b> The manager writes {@link ScriptMessage}s, one JSON object per line (UTF-8), to the script's
 * stdin; the script writes {@link ScriptEvent}s, one per line, to stdout; stderr is diagnostics only and is
 * never parsed, shown or logged. Because a sandbox runs a process to completion with its stdin given up front,
 * a conversational {@code setup} is played in <em>rounds</em>: each round runs the script afresh with every
 * message so far ({@code start}, then one {@code step_result} per answered step, or a final {@code cancel}) and
 * reads the events it emits until it exits; a round that asks for answers ends with {@code await_input}. Scripts
 * are therefore written to replay their input deterministically (state that must survive between rounds, such
 * as a device code, belongs in the messages or in the service, never in the sandbox, which is thrown away).
 * Non-setup scripts get one {@code invoke} message and answer with a {@code result} or {@code failure} event.
 *
 * <p><b>Failures are values.</b> A malformed line, a crash, a non-zero exit, a timeout or any sandbox limit yields
 * {@link ScriptRun#failed} with {@link ConnectionFailure.FailureType#UNKNOWN}; nothing hangs past the timeout.
 *
 * <p><b>Security guarantees.</b> Skill lookup is confined to the skills directory: a name that is not a flat name
 * ({@code ../x}), a skill directory or script whose real path (after symlinks) leaves its parent, or a script that
 * is not a regular file is "not found", and nothing is spawned. Scripts run only through the
 * {@link SandboxManager} (fail closed if isolation is unavailable), with network access allowed, a copy of the one
 * script in the sandbox's fresh work dir (the skill directory itself is never mounted), and an environment of only
 * {@code CREDENTIAL_REF_*} variables whose values are secret-store refs, never secret values. Implementations are
 * thread-safe.
 */
public interface SkillScripts {
    /** Prefix every variable passed to a script must carry. */
    String CREDENTIAL_REF_PREFIX = "CREDENTIAL_REF_";

    /** {@return every valid connection skill in the skills directory, sorted by name} */
    List<ConnectionSkill> skills();

    /**
     * {@return the skill with this name, or empty if the name is not a flat name or no valid skill has it}
     *
     * @param name the name
     */
    Optional<ConnectionSkill> find(String name);

    /**
     * Runs one script of the skill in a fresh sandbox.
     *
     * @param messages the stdin lines, in order
     * @param credentialRefs environment for the script; every name must start with {@value #CREDENTIAL_REF_PREFIX}
     * @param skill the skill
     * @param script the script
     * @return the script run
     * @throws io.silas.core.error.SilasException {@code INVALID_INPUT} for another variable name;
     *     {@code SANDBOX_ISOLATION_UNAVAILABLE} when no isolated sandbox can be created
     */
    ScriptRun run(ConnectionSkill skill, SkillScript script, List<ScriptMessage> messages,
                  Map<String, String> credentialRefs);

    /**
     * The default implementation.
     *
     * @param skillsDir the directory holding one sub-directory per skill
     * @param timeout wall-clock limit of one script run (the whole process tree is killed after it)
     * @param sandboxes the sandboxes
     * @return the skill scripts
     */
    static SkillScripts create(Path skillsDir, SandboxManager sandboxes, Duration timeout) {
        return new SandboxedSkillScripts(skillsDir, sandboxes, timeout);
    }
}
