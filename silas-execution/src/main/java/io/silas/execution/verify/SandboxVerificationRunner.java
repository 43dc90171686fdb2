package io.silas.execution.verify;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.ShellWords;
import io.silas.core.execution.VerificationReport;
import io.silas.core.execution.VerificationRunner;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.ExpectationOutcome;
import io.silas.core.gate.Expectations;
import io.silas.core.gate.FileChecker;
import io.silas.core.path.ConfinedPaths;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link VerificationRunner}: one fresh sandbox per check, predicates through {@link Expectations}.
 * Thread-safe: it holds no mutable state; concurrent runs use separate sandboxes.
 *
 * <p><b>Security guarantees.</b> A check is independent of the work it judges: its current directory and
 * {@code HOME} are the sandbox's fresh, empty work dir; the artifacts (or the check's {@code cwd}) are a
 * read-only copy at {@value SandboxConfig#ARTIFACTS_MOUNT} (also in {@code SILAS_ARTIFACTS}), never a current
 * directory, {@code HOME} or search path; {@code PATH} is fixed by the sandbox; Python ignores the script's
 * directory, the current directory and user site-packages ({@code PYTHONSAFEPATH}, {@code PYTHONNOUSERSITE});
 * git reads no system or global config and runs no hooks or fsmonitor from a repository it is pointed at.
 */
final class SandboxVerificationRunner implements VerificationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxVerificationRunner.class);
    /** Predicates a cut-off output could satisfy falsely; they fail when the output exceeded the cap. */
    private static final Set<Expectation.Predicate> NEED_WHOLE_OUTPUT = Set.of(Expectation.Predicate.EQUALS,
            Expectation.Predicate.REGEX, Expectation.Predicate.OUTPUT_LT, Expectation.Predicate.OUTPUT_GT);

    /** The fixed environment of every check besides {@code PATH} and {@code HOME} (see the class doc). */
    static final java.util.Map<String, String> CHECK_ENV = java.util.Map.ofEntries(
            java.util.Map.entry("SILAS_ARTIFACTS", SandboxConfig.ARTIFACTS_MOUNT),
            java.util.Map.entry("PYTHONSAFEPATH", "1"),
            java.util.Map.entry("PYTHONNOUSERSITE", "1"),
            java.util.Map.entry("PYTHONDONTWRITEBYTECODE", "1"),
            java.util.Map.entry("GIT_CONFIG_NOSYSTEM", "1"),
            java.util.Map.entry("GIT_CONFIG_GLOBAL", "/dev/null"),
            java.util.Map.entry("GIT_CONFIG_COUNT", "2"),
            java.util.Map.entry("GIT_CONFIG_KEY_0", "core.hooksPath"),
            java.util.Map.entry("GIT_CONFIG_VALUE_0", "/dev/null"),
            java.util.Map.entry("GIT_CONFIG_KEY_1", "core.fsmonitor"),
            java.util.Map.entry("GIT_CONFIG_VALUE_1", "false"),
            java.util.Map.entry("CURL_HOME", "/nonexistent"),
            java.util.Map.entry("WGETRC", "/dev/null"),
            java.util.Map.entry("LC_ALL", "C.UTF-8"));

    private final SandboxManager sandboxes;
    private final VerificationOptions options;

    SandboxVerificationRunner(SandboxManager sandboxes, VerificationOptions options) {
        this.sandboxes = sandboxes;
        this.options = options;
    }

    @Override
    public VerificationReport run(List<VerificationCheck> checks, Path artifacts) {
        if (checks == null || checks.isEmpty() || checks.stream().anyMatch(c -> c == null)) {
            throw SilasException.invalid("checks", "must be a non-empty list of checks (no checks means nothing "
                    + "was verified; the caller decides what that means)");
        }
        if (artifacts == null) {
            throw SilasException.invalid("artifacts", "is required");
        }
        if (!Files.isDirectory(artifacts)) {
            throw SilasException.invalid("artifacts", "must be an existing directory");
        }
        ConfinedPaths paths = ConfinedPaths.of(artifacts, options.projectDirs());
        List<VerificationResult> results = new ArrayList<>(checks.size());
        for (VerificationCheck check : checks) {
            results.add(runCheck(check, paths));
        }
        return VerificationReport.of(results, options.clock().instant());
    }

    private VerificationResult runCheck(VerificationCheck check, ConfinedPaths paths) {
        List<String> argv;
        try {
            argv = ShellWords.split(check.run());
        } catch (SilasException e) {
            return failed(check, "Invalid command: " + e.getMessage(), "", null);
        }
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            return failed(check, "Invalid command: no program to run", "", null);
        }
        Path workDir = paths.base();
        if (check.cwd() != null) {
            ConfinedPaths.Resolution cwd = paths.resolve(check.cwd());
            if (!cwd.ok()) {
                return failed(check, "Working directory: " + cwd.problem(), "", null);
            }
            if (!Files.isDirectory(cwd.path(), LinkOption.NOFOLLOW_LINKS)) {
                return failed(check, "Working directory: not a directory", "", null);
            }
            workDir = cwd.path();
        }
        Duration timeout = Duration.ofSeconds(check.timeout());
        SandboxConfig config = options.limits()
                .withNetworkAccess(check.network())
                .withTimeout(timeout)
                .withEnv(CHECK_ENV)
                .withArtifactsDir(workDir);
        ProcessResult result;
        try (Sandbox sandbox = sandboxes.create(config)) {
            result = sandbox.run(argv, timeout);
        } catch (SilasException e) {
            return failed(check, sandboxProblem(e), "", null);
        } catch (RuntimeException e) {
            LOG.warn("verification check could not run: {}", e.toString());
            return failed(check, "Verification could not run: " + e.getClass().getSimpleName(), "", null);
        }
        return judge(check, result, paths);
    }

    private VerificationResult judge(VerificationCheck check, ProcessResult result, ConfinedPaths paths) {
        String output = result.stdout();
        Integer exit = result.exitCode() == ProcessResult.NO_EXIT_CODE ? null : result.exitCode();
        switch (result.termination()) {
            case TIMEOUT:
                return failed(check, "Timeout after " + check.timeout() + "s", output, null);
            case ISOLATION_FAILURE:
                LOG.warn("verification sandbox isolation failure: {}", firstLine(result.stderr()));
                return failed(check, "Sandbox isolation failure: " + result.reason(), "", null);
            case CPU_LIMIT:
            case MEMORY_LIMIT:
            case PIDS_LIMIT:
            case DISK_LIMIT:
                return failed(check, "Resource limit: " + result.reason(), output, exit);
            case EXITED:
            default:
                break;
        }
        Expectation expect = check.expect();
        if (stdoutCut(result) && NEED_WHOLE_OUTPUT.contains(expect.predicate())) {
            return failed(check, "Output exceeded " + options.limits().maxOutputBytes()
                    + " bytes and cannot be judged", output, exit);
        }
        ExpectationOutcome outcome = Expectations.evaluate(expect, output, exit, FileChecker.confinedTo(paths));
        return new VerificationResult(check.name(), outcome.passed(), outcome.reason(), output, exit);
    }

    /**
     * Whether stdout (not just stderr) reached the sandbox's output cap. The kept bytes are exactly the cap; a
     * multi-byte character cut at the end decodes to one replacement character, hence the small slack.
     */
    private boolean stdoutCut(ProcessResult result) {
        return result.truncated()
                && result.stdout().getBytes(StandardCharsets.UTF_8).length >= options.limits().maxOutputBytes() - 3;
    }

    private static String sandboxProblem(SilasException e) {
        if (e.code() == ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE) {
            return "Sandbox isolation unavailable (check not run): " + e.getMessage();
        }
        return "Sandbox could not be created (check not run): " + e.getMessage();
    }

    private static VerificationResult failed(VerificationCheck check, String reason, String output,
                                             @Nullable Integer exit) {
        return new VerificationResult(check.name(), false, reason, output, exit);
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int nl = trimmed.indexOf('\n');
        String line = nl < 0 ? trimmed : trimmed.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
