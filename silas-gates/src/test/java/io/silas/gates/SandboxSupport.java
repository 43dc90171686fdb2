package io.silas.gates;

import io.silas.core.execution.SandboxManager;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A real bubblewrap sandbox manager for the script-gate tests, over its own base dir. */
final class SandboxSupport {
    private SandboxSupport() {
    }

    static SandboxManager manager() {
        try {
            Path dir = Files.createTempDirectory("silas-gates-sbx-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            return Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(dir.resolve("base")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
