package io.silas.core.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.silas.core.error.Checks;
import io.silas.core.error.SilasException;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.Expectations;
import org.jspecify.annotations.Nullable;

/**
 * An external check the executing agent cannot modify (docs/contracts.md#work-items-and-plans, #verification): {@code
 * run} executes in a separate verification sandbox (split into argv with POSIX word rules, never handed to a shell) and
 * its output is judged by {@code expect}.
 *
 * @param timeout seconds before the check fails with {@code "Timeout after Ns"} (default 60)
 * @param network whether the check may reach the network (default false; enforced by the OS or the check
 *                fails closed)
 * @param cwd     optional directory, relative to the artifacts dir (or a configured project dir), that the check
 *                sees read-only at {@code /artifacts} instead of the whole artifacts dir; the check's own current
 *                directory is always a fresh, empty one. {@code ..} segments are rejected here and the runner
 *                confines it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationCheck(String name, String run, Expectation expect, int timeout, boolean network,
                                @Nullable String cwd) {
    /** Default timeout seconds ({@value}). */
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param name    the name
     * @param run     the run
     * @param expect  the expect
     * @param timeout seconds before the check fails with {
     * @param network whether the check may reach the network (default false; enforced by the OS or the check fails
     *                closed)
     * @param cwd     optional directory, relative to the artifacts dir (or a configured project dir), that the check
     *                sees read-only at {
     */
    public VerificationCheck {
        Checks.nonBlank(name, "verify.name");
        Checks.nonBlank(run, "verify.run");
        if (run.indexOf('\0') >= 0) {
            throw SilasException.invalid("verify.run", "must not contain NUL");
        }
        Checks.nonNull(expect, "verify.expect");
        if (timeout <= 0) {
            throw SilasException.invalid("verify.timeout", "must be > 0 seconds");
        }
        if (cwd != null && !Expectations.isPlausiblePath(cwd)) {
            throw SilasException.invalid("verify.cwd", "must be a non-blank path without '..' segments");
        }
    }

    /**
     * {@return a check with the default timeout, no network and the default working directory}
     *
     * @param name the name
     * @param run the run
     * @param expect the expect
     */
    public static VerificationCheck of(String name, String run, Expectation expect) {
        return new VerificationCheck(name, run, expect, DEFAULT_TIMEOUT_SECONDS, false, null);
    }

    @JsonCreator
    static VerificationCheck fromJson(@JsonProperty("name") @Nullable String name,
                                      @JsonProperty("run") @Nullable String run,
                                      @JsonProperty("expect") @Nullable Expectation expect,
                                      @JsonProperty("timeout") @Nullable Integer timeout,
                                      @JsonProperty("network") @Nullable Boolean network,
                                      @JsonProperty("cwd") @Nullable String cwd) {
        return new VerificationCheck(name, run, expect, timeout != null ? timeout : DEFAULT_TIMEOUT_SECONDS,
                network != null && network, cwd);
    }
}
