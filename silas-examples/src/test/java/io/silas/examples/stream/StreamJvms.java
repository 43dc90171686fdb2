package io.silas.examples.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Child JVMs running {@code ClusterStreamChild} (a real Stream on PostgreSQL each): commands on stdin, output lines collected; all killed by close. */
public final class StreamJvms implements AutoCloseable {
    /** Bound on every wait for a child (a stuck cluster fails the test with the children's output). */
    public static final long WAIT_SECONDS = 240;

    /** One child: its process, its command input and the lines it printed so far. */
    public record Child(String node, Process process, Writer commands, List<String> lines) {
        public synchronized void command(String line) throws IOException {
            commands.write(line + "\n");
            commands.flush();
        }

        public List<String> lines(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix + " ")).toList();
        }
    }

    private final List<Child> children = new ArrayList<>();

    public Child start(String url, String node, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                ClusterStreamChild.class.getName(), url, node));
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
        Child child = new Child(node, process, new OutputStreamWriter(process.getOutputStream(),
                StandardCharsets.UTF_8), lines);
        children.add(child);
        return child;
    }

    /** Waits until {@code done} holds; fails with every child's last lines when it does not within the bound. */
    public void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder out = new StringBuilder("waited in vain for " + what);
                for (Child child : children) {
                    List<String> lines = child.lines();
                    out.append("\n--- ").append(child.node()).append(" (alive ").append(child.process().isAlive())
                            .append(")\n").append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
                                    lines.size())));
                }
                throw new AssertionError(out.toString());
            }
            Thread.sleep(10);
        }
    }

    /** Every line with the prefix, from every child. */
    public List<String> lines(String prefix) {
        List<String> all = new ArrayList<>();
        children.forEach(c -> all.addAll(c.lines(prefix)));
        return all;
    }

    @Override
    public void close() {
        for (Child child : children) {
            child.process().destroyForcibly();
        }
    }
}
