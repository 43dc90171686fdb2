package io.silas.gates;

import io.silas.core.error.SilasException;
import io.silas.core.execution.SandboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the {@code script} gate provider. Immutable; start from {@link #defaults()}.
 *
 * @param sandbox              the sandbox every script runs in (a fresh sandbox per check); its {@code env}
 *                             must not use the reserved {@code SILAS_CTX_} prefix. Scripts that live in host
 *                             files need their directory in {@code filesystem_read}.
 * @param timeout              wall-clock limit of one check (default 30 s; the sandbox timeout is set to it)
 * @param permittedDirectories where {@code file_exists} expectations and {@code file_valid} extracts may point
 *                             (default none: every path is outside)
 */
public record ScriptGateOptions(SandboxConfig sandbox, Duration timeout, List<Path> permittedDirectories) {
    /** Default timeout of a script gate (docs/contracts.md#gates). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Prefix of the environment variables that carry context values. */
    public static final String ENV_PREFIX = "SILAS_CTX_";

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param sandbox              the sandbox every script runs in (a fresh sandbox per check); its {
     * @param timeout              wall-clock limit of one check (default 30 s; the sandbox timeout is set to it)
     * @param permittedDirectories where {
     */
    public ScriptGateOptions {
        if (sandbox == null) {
            throw SilasException.invalid("sandbox", "is required");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw SilasException.invalid("timeout", "must be positive");
        }
        for (String name : sandbox.env().keySet()) {
            if (name.startsWith(ENV_PREFIX)) {
                throw SilasException.invalid("sandbox.env", name + " uses the reserved prefix " + ENV_PREFIX);
            }
        }
        permittedDirectories = permittedDirectories == null ? List.of() : List.copyOf(permittedDirectories);
    }

    /**
     * Defaults: {@link SandboxConfig#defaults()} (no network), 30 s, no permitted directories.
     *
     * @return the script gate options
     */
    public static ScriptGateOptions defaults() {
        return new ScriptGateOptions(SandboxConfig.defaults(), DEFAULT_TIMEOUT, List.of());
    }

    /**
     * {@return a copy with sandbox replaced}
     *
     * @param value the new value
     */
    public ScriptGateOptions withSandbox(SandboxConfig value) {
        return new ScriptGateOptions(value, timeout, permittedDirectories);
    }

    /**
     * {@return a copy with timeout replaced}
     *
     * @param value the new value
     */
    public ScriptGateOptions withTimeout(Duration value) {
        return new ScriptGateOptions(sandbox, value, permittedDirectories);
    }

    /**
     * {@return a copy with permitted directories replaced}
     *
     * @param value the new value
     */
    public ScriptGateOptions withPermittedDirectories(List<Path> value) {
        return new ScriptGateOptions(sandbox, timeout, value);
    }
}
