package io.silas.gates;

import io.silas.core.error.SilasException;
import io.silas.core.work.ExpectationOutcome;
import io.silas.core.work.FileChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Confines file paths to permitted directories, after resolving symlinks (spec §3.3 {@code file_exists},
 * §5.5.2 {@code file_valid}). Relative paths resolve against the first permitted directory.
 *
 * <p><b>Security guarantees:</b> a path with a {@code ..} segment or a NUL is refused before the file system is
 * touched; every other path is accepted only if its real path (all symlinks followed) lies inside a permitted
 * directory's real path. With no permitted directories every path is outside. The check is point in time: a
 * caller that then opens the file must not assume it is unchanged. Immutable and thread-safe.
 */
final class FileConfinement {
    static final String OUTSIDE = "Path outside permitted directories";
    static final String NOT_FOUND = "File not found";

    private final List<Path> roots;

    FileConfinement(List<Path> permitted) {
        if (permitted == null) {
            throw SilasException.invalid("permitted_directories", "is required");
        }
        List<Path> real = new ArrayList<>();
        for (Path p : permitted) {
            if (p == null || !Files.isDirectory(p)) {
                throw SilasException.invalid("permitted_directories", "must be existing directories");
            }
            try {
                real.add(p.toRealPath());
            } catch (IOException e) {
                throw SilasException.invalid("permitted_directories", "cannot resolve a directory");
            }
        }
        this.roots = List.copyOf(real);
    }

    /** The outcome of confining one path. */
    record Resolution(@Nullable Path realPath, @Nullable String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    Resolution resolve(String raw) {
        if (roots.isEmpty() || raw == null || raw.isBlank() || raw.indexOf('\0') >= 0 || hasDotDot(raw)) {
            return new Resolution(null, OUTSIDE);
        }
        Path path;
        try {
            path = Path.of(raw);
        } catch (InvalidPathException e) {
            return new Resolution(null, OUTSIDE);
        }
        path = (path.isAbsolute() ? path : roots.get(0).resolve(path)).normalize();
        try {
            Path real = path.toRealPath();
            return inside(real) ? new Resolution(real, null) : new Resolution(null, OUTSIDE);
        } catch (NoSuchFileException e) {
            return missing(path);
        } catch (IOException | SecurityException e) {
            return new Resolution(null, OUTSIDE);
        }
    }

    /** A {@link FileChecker} for {@code file_exists} predicates, with the same confinement. */
    FileChecker asFileChecker() {
        return raw -> {
            Resolution r = resolve(raw);
            if (!r.ok()) {
                return ExpectationOutcome.fail(r.problem());
            }
            return Files.exists(r.realPath()) ? ExpectationOutcome.pass("file exists")
                    : ExpectationOutcome.fail(NOT_FOUND);
        };
    }

    /** A missing path is "not found" only when its nearest existing ancestor is itself inside. */
    private Resolution missing(Path path) {
        Path ancestor = path.getParent();
        while (ancestor != null) {
            try {
                Path realAncestor = ancestor.toRealPath();
                return inside(realAncestor.resolve(ancestor.relativize(path)).normalize())
                        ? new Resolution(null, NOT_FOUND) : new Resolution(null, OUTSIDE);
            } catch (NoSuchFileException e) {
                ancestor = ancestor.getParent();
            } catch (IOException | SecurityException e) {
                return new Resolution(null, OUTSIDE);
            }
        }
        return new Resolution(null, OUTSIDE);
    }

    private boolean inside(Path real) {
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDotDot(String raw) {
        for (String segment : raw.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
