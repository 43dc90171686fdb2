package io.silas.examples.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.architecture.Jdeps;
import io.silas.core.architecture.PackageGraph;
import io.silas.core.architecture.Packages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Silas module this module sees (its main classes on the test classpath: silas-core, the feature modules, the
 * store modules, the channels, and the examples themselves), measured with jdeps: no package loop inside any module,
 * every arrow between modules points at silas-core, and every package is {@code @NullMarked}. Only silas-examples
 * (and silas-bench, which is not on this classpath) may use sibling modules: they put the SDK together.
 */
class ModuleArrowsTest {
    /** Modules that assemble the others (documented in the README's module table). */
    private static final Set<String> ASSEMBLERS = Set.of("io.silas.examples", "io.silas.bench");
    private static final String CORE = "io.silas.core";

    /** Root package ({@code io.silas.gates}) to the jar or classes directory that holds it. */
    private static Map<String, Path> modules;

    @BeforeAll
    static void findModules() throws IOException {
        modules = new TreeMap<>();
        for (URL url : Collections.list(ModuleArrowsTest.class.getClassLoader().getResources("io/silas"))) {
            Path root = rootOf(url);
            String name = root.getFileName().toString();
            if (name.equals("test-classes") || name.endsWith("-tests.jar")) {
                continue;
            }
            for (String pkg : topPackages(url, root)) {
                modules.put("io.silas." + pkg, root);
            }
        }
        assertThat(modules).as("Silas modules on the test classpath").containsKeys(CORE, "io.silas.execution",
                "io.silas.gates", "io.silas.proactivity", "io.silas.examples");
    }

    @Test
    void noPackageCyclesInAnyModule() {
        Map<String, String> loops = new TreeMap<>();
        modules.forEach((module, location) -> {
            List<Set<String>> cycles = Jdeps.packageGraph(location).cycles();
            if (!cycles.isEmpty()) {
                loops.put(module, Jdeps.describe(cycles));
            }
        });
        assertThat(loops).as("package loops per module").isEmpty();
    }

    @Test
    void moduleArrowsPointOnlyTowardCore() {
        List<String> wrong = new ArrayList<>();
        modules.forEach((module, location) -> {
            if (!ASSEMBLERS.contains(module)) {
                PackageGraph graph = Jdeps.packageGraph(location);
                wrong.addAll(graph.arrowsLeaving(module, CORE));
            }
        });
        assertThat(wrong).as("arrows from one module to a sibling other than silas-core").isEmpty();
    }

    @Test
    void everyPackageIsNullMarked() {
        Map<String, List<String>> missing = new TreeMap<>();
        modules.forEach((module, location) -> {
            List<String> unmarked = Packages.notNullMarked(location, ModuleArrowsTest.class.getClassLoader());
            if (!unmarked.isEmpty()) {
                missing.put(module, unmarked);
            }
        });
        assertThat(missing).as("packages without a @NullMarked package-info").isEmpty();
    }

    private static Path rootOf(URL url) throws IOException {
        try {
            if (url.getProtocol().equals("jar")) {
                return Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
            }
            return Path.of(url.toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IOException("unreadable class path entry " + url, e);
        }
    }

    /** The package names directly under io/silas in a jar or directory. */
    private static List<String> topPackages(URL url, Path root) throws IOException {
        if (!url.getProtocol().equals("jar")) {
            try (Stream<Path> dirs = Files.list(root.resolve("io/silas"))) {
                return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
            }
        }
        try (var jar = new java.util.jar.JarFile(root.toFile())) {
            return jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/silas/") && n.endsWith(".class"))
                    .map(n -> n.substring("io/silas/".length()))
                    .filter(n -> n.contains("/"))
                    .map(n -> n.substring(0, n.indexOf('/')))
                    .distinct().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
