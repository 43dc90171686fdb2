package io.silas.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Child JVMs running {@link ClusterChild}, with their output lines collected; every one is killed by {@link #close}. */
final class ChildJvms implements AutoCloseable {
    /** One child: its process and the lines it printed so far. */
    record Child(String node, Process process, List<String> lines, Thread reader) {
        long count(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).count();
        }

        List<String> values(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix + " ")).map(l -> l.substring(prefix.length() + 1))
                    .toList();
        }
    }

    private final List<Child> children = new ArrayList<>();

    Child start(String mode, String url, String node, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), ClusterChild.class.getName(), mode, url, node));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child was killed: its lines so far stay collected
            }
        }, "child-" + node);
        reader.setDaemon(true);
        reader.start();
        Child child = new Child(node, process, lines, reader);
        children.add(child);
        return child;
    }

    /** Waits for the child to exit by itself; fails with its output when it does not within the bound. */
    static void awaitExit(Child child, long seconds) throws InterruptedException {
        if (!child.process().waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError(child.node() + " did not finish; output: " + tail(child));
        }
        child.reader().join(TimeUnit.SECONDS.toMillis(10));
        if (child.process().exitValue() != 0) {
            throw new AssertionError(child.node() + " failed (exit " + child.process().exitValue() + "): "
                    + tail(child));
        }
    }

    private static String tail(Child child) {
        List<String> lines = child.lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        for (Child child : children) {
            child.process().destroyForcibly();
        }
    }
}
