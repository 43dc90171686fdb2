package io.silas.execution.sandbox;

import io.silas.core.execution.SandboxManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Shared real sandbox managers for the tests, each over its own base dir under the host temp dir. */
public final class SandboxFixture {
    private SandboxFixture() {
    }

    /** A fresh base dir (0711, as the unprivileged sandbox uid must traverse it). */
    public static Path newBaseDir() {
        try {
            Path dir = Files.createTempDirectory("silas-sbx-test-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            return dir.resolve("base");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static SandboxManager manager(Path baseDir) {
        return Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(baseDir));
    }

    /** Host pids of every process whose command line contains the marker. */
    public static List<Long> processesWithMarker(String marker) {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || name.equals(Long.toString(ProcessHandle.current().pid()))) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(marker)) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException ignored) {
                    // The process exited while we looked.
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    /** Waits (bounded) until no process carries the marker; returns the survivors, empty when all are gone. */
    public static List<Long> awaitGone(String marker) throws InterruptedException {
        List<Long> left = processesWithMarker(marker);
        for (int i = 0; i < 100 && !left.isEmpty(); i++) {
            Thread.sleep(50);
            left = processesWithMarker(marker);
        }
        return left;
    }

    /** Waits (bounded) until at least n processes carry the marker. */
    public static boolean awaitPresent(String marker, int n) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (processesWithMarker(marker).size() >= n) {
                return true;
            }
            Thread.sleep(25);
        }
        return false;
    }

    public static void deleteTree(Path dir) {
        WorkDirs.deleteRecursively(dir);
    }
}
