package io.silas.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * Runs the JDK's {@code jdeps} in-process through {@link ToolProvider} and reads its package arrows. A JDK without
 * jdeps fails the calling test (it must never pass by skipping the check).
 */
public final class Jdeps {
    private Jdeps() {
    }

    /** The arrows among {@code io.silas} packages of the classes at {@code location} (a directory or jar). */
    public static PackageGraph packageGraph(Path location) {
        return PackageGraph.parseJdeps(run("-verbose:package", "-e", "io\\.silas\\..*", location.toString()),
                "io.silas");
    }

    /** The directory or jar a class was loaded from (for a module's main classes: its target/classes or jar). */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no file location for " + type, e);
        }
    }

    /** jdeps's output for {@code args}; fails when jdeps is missing or exits non-zero. */
    public static String run(String... args) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("this JDK has no jdeps tool (module jdk.jdeps)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            exit = jdeps.run(o, e, args);
        }
        assertThat(exit).as("jdeps %s failed: %s", List.of(args), err).isZero();
        return out.toString();
    }

    /** A readable list of loops for an assertion message. */
    public static String describe(List<? extends java.util.Set<String>> cycles) {
        List<String> lines = new ArrayList<>();
        cycles.forEach(c -> lines.add(c.size() + " packages: " + c));
        return String.join("\n", lines);
    }
}
