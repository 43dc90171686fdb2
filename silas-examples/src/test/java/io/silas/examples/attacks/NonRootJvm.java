package io.silas.examples.attacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a child JVM as a non-root uid ({@value #UID}, through {@code setpriv} when this JVM is root) with this
 * JVM's test classpath: the rootless half of "the sandbox attack suites run as root and as non-root". The
 * classpath is copied to a fresh world-readable dir first, because the build (and its local Maven repository)
 * may live under a 0700 home the child's uid cannot enter; the child gets its own HOME and temp dir.
 */
public final class NonRootJvm {
    /** The uid of the child JVM (nobody). */
    public static final int UID = 65534;
    /** System property set in the child, so a test that starts children does not recurse. */
    public static final String CHILD_PROPERTY = "silas.nonroot.child";

    private NonRootJvm() {
    }

    /** What the child printed and how it exited. */
    public record Outcome(int exitCode, String output) {
    }

    /** Whether this JVM is the non-root child. */
    public static boolean isChild() {
        return Boolean.getBoolean(CHILD_PROPERTY);
    }

    /** Runs the test classes in a non-root child JVM and waits for it (at most ten minutes). */
    static Outcome runTests(Class<?>... testClasses) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (Class<?> c : testClasses) {
            names.add(c.getName());
        }
        try (Child child = start(NonRootLauncher.class.getName(), names)) {
            return child.await();
        }
    }

    /** Starts {@code mainClass} in a non-root child JVM; the caller talks to it and closes it. */
    public static Child start(String mainClass, List<String> args) throws IOException {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "silas-nonroot-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cp = Files.createDirectory(root.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = cp.resolve((i++) + "-" + source.getFileName());
            copyTree(source, copy);
            entries.add(copy.toString());
        }
        Path home = ownedByChild(Files.createDirectory(root.resolve("home")));
        Path tmp = ownedByChild(Files.createDirectory(root.resolve("tmp")));
        List<String> cmd = new ArrayList<>();
        if (AttackHost.isRoot()) {
            cmd.addAll(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", String.join(java.io.File.pathSeparator, entries), "-Djava.io.tmpdir=" + tmp,
                "-Duser.home=" + home, "-D" + CHILD_PROPERTY + "=true", mainClass));
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).directory(home.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("HOME", home.toString());
        return new Child(builder.start(), root);
    }

    /** A running child JVM: its output lines, and cleanup of its copies when closed. */
    public static final class Child implements AutoCloseable {
        private final Process process;
        private final Path root;
        private final StringBuilder output = new StringBuilder();
        private final java.io.BufferedReader lines;

        Child(Process process, Path root) {
            this.process = process;
            this.root = root;
            this.lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
        }

        /** The next line the child prints that starts with {@code prefix} (null when it exits first). */
        public String awaitLine(String prefix) throws IOException {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            return null;
        }

        /** Closes the child's stdin (a signal to finish) and waits for it to exit. */
        public Outcome await() throws IOException, InterruptedException {
            process.getOutputStream().close();
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Outcome(-1, output + "\n(child JVM did not finish)");
            }
            return new Outcome(process.exitValue(), output.toString());
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(root);
        }
    }

    private static Path ownedByChild(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        if (AttackHost.isRoot()) {
            Files.setAttribute(dir, "unix:uid", UID);
            Files.setAttribute(dir, "unix:gid", UID);
        }
        return dir;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(p, to);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort: a leftover copy in /tmp costs disk, not correctness.
        }
    }
}
