package io.silas.core.gate;

import io.silas.core.path.ConfinedPaths;

/**
 * Answers {@code file_exists} predicates for {@link Expectations}. The implementation owns confinement:
 * it must resolve the path (symlinks included) and fail anything outside its permitted directories.
 *
 * <p><b>Security guarantees:</b> {@link Expectations} rejects {@code ..} segments and NUL characters before
 * calling a checker, and {@link #denyAll()} (the default) never touches the file system, so a caller that
 * supplies no checker can never be used to probe the host.
 */
@FunctionalInterface
public interface FileChecker {
    /**
     * {@return whether the (already syntactically screened) path exists inside the permitted directories}
     *
     * @param path the path
     */
    ExpectationOutcome check(String path);

    /**
     * {@code file_exists} within {@code paths}: passes "file exists" for a path that resolves, fails with
     * {@link ConfinedPaths#OUTSIDE} or {@link ConfinedPaths#NOT_FOUND} otherwise.
     *
     * @param paths the paths
     * @return the file checker
     */
    static FileChecker confinedTo(ConfinedPaths paths) {
        return raw -> {
            ConfinedPaths.Resolution r = paths.resolve(raw);
            return r.ok() ? ExpectationOutcome.pass("file exists") : ExpectationOutcome.fail(r.problem());
        };
    }

    /** {@return a checker that fails every path without touching the file system} */
    static FileChecker denyAll() {
        return path -> ExpectationOutcome.fail("file_exists is not available here");
    }
}
