package io.silas.gates;

import io.silas.core.execution.SandboxManager;
import io.silas.core.gate.Gate;
import io.silas.core.gate.GateCheckProvider;
import io.silas.core.gate.GateContext;
import io.silas.core.gate.GateResult;
import io.silas.core.gate.GateRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Entry point of the default gate runner and the built-in providers (docs/contracts.md#gates).
 *
 * <pre>{@code
 * GateRunner gates = Gates.runner().audit(audit)
 *     .provider(Gates.predicate(List.of(projectDir)))
 *     .provider(Gates.script(sandboxManager))
 *     .provider(Gates.llm(myQualityModel))
 *     .provider(Gates.textSafety())
 *     .build();
 * GateRunner.Session turn = gates.openTurn();            // one per turn: shares the evaluation cap
 * GateEvaluation in = turn.checkGates(systemThenGoalGates, GateTrigger.EVERY_USER_MESSAGE,
 *     GateContext.forMessage(senderId, text));
 * }</pre>
 *
 * <p><b>Security guarantees:</b> every provider here fails closed in the policy lane (a result it cannot
 * determine is a {@code block}) and the runner enforces lanes and the mutation allowlist whatever a provider
 * returns. Providers are immutable and thread-safe.
 */
public final class Gates {
    private Gates() {
    }

    /** {@return a builder for the default two-lane {@link GateRunner}; see {@link GateRunnerBuilder}} */
    public static GateRunnerBuilder runner() {
        return new GateRunnerBuilder();
    }

    /**
     * {@return the {@code predicate} provider without file access ({@code file_valid} blocks every path)} See
     * {@link #predicate(List)}.
     */
    public static GateCheckProvider predicate() {
        return predicate(List.of());
    }

    /**
     * The {@code predicate} provider (docs/contracts.md#gates). The checked value is the context value named by the
     * gate's
     * {@code extract} ({@code message}, {@code response}, {@code sender_id}, {@code tool_name},
     * {@code step_output}, {@code tool_args.<arg>} or a host value), else the trigger's natural value
     * ({@code message}, {@code response}, {@code step_output}, {@code tool_name}). A missing value blocks.
     * <ul>
     *   <li>{@code numeric_range}: a JSON number or plain decimal string (else block); outside
     *       {@code block.outside} → block; in {@code auto_approve} → continue; in {@code require_approval} →
     *       require_approval; else block. Optional {@code config.clamp: {min, max}} (only with
     *       {@code extract: tool_args.<arg>}) clamps the value after the hard-limit check, continues the checks
     *       with the clamped value and proposes {@code {"tool_args": {arg: clamped}}}.</li>
     *   <li>{@code string_match}: in {@code allowed_values} → continue; in {@code approval_values} →
     *       require_approval; else block. {@code config.case_sensitive} (default true).</li>
     *   <li>{@code regex}: pattern in {@code config.pattern} (else {@code check}); options
     *       {@code config.case_insensitive}, {@code multiline}, {@code dotall}, {@code full_match} (default: find
     *       anywhere). Match → continue; no match, an invalid pattern or an exhausted step budget → block.</li>
     *   <li>{@code file_valid}: a {@code ..} segment or a real path (symlinks followed) outside
     *       {@code permittedDirectories} → block "Path outside permitted directories", whether or not it exists
     *       (see {@link io.silas.core.path.ConfinedPaths}); missing inside → "File not found"; not a regular file, larger than {@code config.max_size_bytes}, or a file name not fully
     *       matching {@code config.filename_pattern} → block; else continue. Relative paths resolve against the
     *       first permitted directory.</li>
     *   <li>{@code approval_always}: always require_approval. {@code custom_check}: block (use a script or
     *       callable provider).</li>
     * </ul>
     *
     * @param permittedDirectories existing directories {@code file_valid} may point into
     * @return the gate check provider
     */
    public static GateCheckProvider predicate(List<Path> permittedDirectories) {
        return new PredicateProvider(PredicateProvider.confine(permittedDirectories));
    }

    /**
     * {@return the {@code script} provider with {@link ScriptGateOptions#defaults()}}
     *
     * @param sandboxes the sandboxes
     */
    public static GateCheckProvider script(SandboxManager sandboxes) {
        return script(sandboxes, ScriptGateOptions.defaults());
    }

    /**
     * The {@code script} provider (docs/contracts.md#gates): runs the gate's {@code check_command} (else {@code check})
     * in a fresh sandbox per check.
     * <ul>
     *   <li>The command is split into argv with POSIX quoting rules and never given to a shell. Context values
     *       are never put into the command: each named value ({@link GateContext#namedValues()}) is the
     *       environment variable {@code SILAS_CTX_<NAME>} (upper case; strings raw, other values as JSON), and
     *       the whole context is JSON on stdin. A value with a NUL or over 100,000 bytes blocks.</li>
     *   <li>Timeout 30 s by default; a run that does not exit normally (timeout, limits, isolation failure)
     *       blocks. Exit 0 → continue; 2 → continue with flag {@code warn}; 1 or anything else → block.</li>
     *   <li>stdout lines {@code key: value} are extracted values (first wins); one line
     *       {@code modified_context: {json object}} is the proposed rewrite (more than one, or invalid JSON,
     *       blocks). The script controls its stdout: never echo raw input.</li>
     *   <li>{@code check_expect} is evaluated on stdout and the exit code with the shared
     *       {@link io.silas.core.gate.Expectations} ({@code file_exists} confined to the permitted
     *       directories); failing it blocks. With {@code extract}, the extracted value is then evaluated
     *       exactly as a predicate gate of the gate's type would; a missing value blocks.</li>
     * </ul>
     * A sandbox that cannot be created makes the provider throw, which the runner turns into a block.
     *
     * @param sandboxes the sandboxes
     * @param options the options
     * @return the gate check provider
     */
    public static GateCheckProvider script(SandboxManager sandboxes, ScriptGateOptions options) {
        return new ScriptProvider(sandboxes, options);
    }

    /**
     * {@return the {@code llm} provider with {@link LlmGateOptions#defaults()}}
     *
     * @param model the model
     */
    public static GateCheckProvider llm(GateModel model) {
        return llm(model, LlmGateOptions.defaults());
    }

    /**
     * The {@code llm} provider (docs/contracts.md#gates). Quality lane (default): the answer must be a JSON object with
     * {@code score} in [0, 1] and optional {@code flags} (strings) and {@code reason}; the result continues with
     * that score and those flags. Promoted ({@code promote_to_policy}): the answer needs {@code action}
     * ({@code continue}, {@code block}, {@code require_approval}); {@code score} is optional.
     * <p>Failures — the model throws, returns null, exceeds the timeout (8 s) or answers off-schema — give
     * continue, score null, flags [{@code llm_error}] in the quality lane and block in a promoted gate.
     * {@code failureThreshold} (3) consecutive failures open a circuit for {@code openFor} (5 min, on the
     * options' clock): while open the model is not called and the result is the failure value with flags
     * [{@code llm_error}, {@code circuit_open}]; afterwards one success closes it, one failure reopens it.
     *
     * @param model the model
     * @param options the options
     * @return the gate check provider
     */
    public static GateCheckProvider llm(GateModel model, LlmGateOptions options) {
        return new LlmProvider(model, options);
    }

    /**
     * The built-in {@code text_safety} provider (policy lane, deterministic). The checked text is
     * {@code config.target} ({@code message} or {@code response}), else {@code message} for
     * {@code every_user_message} and {@code response} for {@code every_agent_response}; other triggers without a
     * target block. {@code check} selects {@code jailbreak}, {@code pii} or (null / {@code all}) both.
     * <ul>
     *   <li>Jailbreak: the text is normalised (invisible and format characters such as zero-width spaces and soft
     *       hyphens removed, NFKC, lower case, confusable look-alikes folded to their UTS #39 skeleton, combining
     *       marks dropped, punctuation and whitespace runs → one space; the phrases the same way) and searched for
     *       whole-word phrases from a small built-in list ("ignore previous instructions",
     *       "you are now dan", "reveal your system prompt", ...) plus {@code config.phrases} → block "Jailbreak
     *       phrase detected".</li>
     *   <li>PII: e-mail addresses, phone numbers, card numbers (Luhn checked) and IBANs (mod-97 checked, either
     *       case) are found in the text after invisible characters are removed, NFKC and digits of every script
     *       folded to ASCII, and their whole original span (disguise included) is replaced by
     *       {@code [REDACTED_<KIND>]} until nothing more is found; the result continues with reason "Redacted: kinds" and
     *       proposes the redacted text as a {@code response}/{@code message} rewrite.</li>
     * </ul>
     *
     * @return the gate check provider
     */
    public static GateCheckProvider textSafety() {
        return new TextSafetyProvider();
    }

    /**
     * {@return a provider backed by a host function, registered under {@code name}} A function that throws or returns null
     * is handled by the runner's fail-closed / fail-open rules.
     *
     * @param name the name
     * @param fn the fn
     */
    public static GateCheckProvider callable(String name, BiFunction<Gate, GateContext, GateResult> fn) {
        return new CallableProvider(name, fn);
    }
}
