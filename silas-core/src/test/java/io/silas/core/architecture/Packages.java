package io.silas.core.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;

/** The packages of a module's built classes and whether each declares {@code @NullMarked} in its package-info. */
public final class Packages {
    private Packages() {
    }

    /** Every package that holds at least one class in {@code location} (a classes directory or a jar). */
    public static SortedSet<String> of(Path location) {
        SortedSet<String> packages = new TreeSet<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .forEach(f -> add(packages, location.relativize(f).toString()));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().forEach(e -> add(packages, e.getName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages;
    }

    /** The packages of {@code location} whose package-info is missing or lacks {@code @NullMarked}. */
    public static List<String> notNullMarked(Path location, ClassLoader loader) {
        List<String> missing = new ArrayList<>();
        for (String pkg : of(location)) {
            try {
                if (!Class.forName(pkg + ".package-info", false, loader).isAnnotationPresent(NullMarked.class)) {
                    missing.add(pkg);
                }
            } catch (ClassNotFoundException e) {
                missing.add(pkg);
            }
        }
        return missing;
    }

    private static void add(SortedSet<String> packages, String entry) {
        String name = entry.replace('\\', '/');
        int slash = name.lastIndexOf('/');
        if (name.endsWith(".class") && slash > 0 && !name.startsWith("META-INF/")) {
            packages.add(name.substring(0, slash).replace('/', '.'));
        }
    }
}
