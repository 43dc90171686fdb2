package io.silas.core.work;

import io.silas.core.error.SilasException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Resolves paths named by untrusted input (verification checks' {@code file_exists} and {@code cwd}, gates'
 * {@code file_valid} and script {@code file_exists}) inside a fixed set of permitted directories (spec §3.3 path
 * constraint, §5.5.2): a base directory, which is also the base of relative paths, plus other directories.
 * {@link #none()} permits nothing.
 *
 * <p>Resolution walks the path one component at a time from {@code /}, following symbolic links itself (at most
 * {@value #MAX_LINKS}), and checks containment <em>before</em> touching each component: a component that is
 * neither inside a permitted directory nor one of its ancestors is refused without being looked at. So
 * {@code /etc/passwd}, {@code ../x} and a link planted in a permitted dir that points outside are all
 * "outside", whether or not their target exists — the answer never reveals anything about files outside the
 * permitted directories.
 *
 * <p><b>Security guarantees.</b> A resolved path is a real path (no symlinks) inside a permitted directory's
 * real path at the time of the walk. {@code ..} segments and NUL are refused before the file system is
 * touched. The check is point in time. Immutable and thread-safe.
 */
public final class ConfinedPaths {
    /** Reason for any path that leaves the permitted directories. */
    public static final String OUTSIDE = "Path outside permitted directories";
    /** Reason for a confined path that does not exist. */
    public static final String NOT_FOUND = "File not found";

    private static final int MAX_LINKS = 40;

    /** A permitted directory: its configured (absolute, normalised) spelling and its real path. */
    private record Root(Path configured, Path real) {
    }

    /**
     * The outcome of one resolution: a real path, or the reason it was refused.
     *
     * @param path    the resolved real path, or null when refused
     * @param problem {@link #OUTSIDE} or {@link #NOT_FOUND}, or null when resolved
     */
    public record Resolution(@Nullable Path path, @Nullable String problem) {
        /** Whether the path resolved (then {@link #path()} is non-null). */
        public boolean ok() {
            return problem == null;
        }
    }

    private static final ConfinedPaths NONE = new ConfinedPaths(null, List.of());

    private final @Nullable Path base;
    private final List<Root> roots;

    private ConfinedPaths(@Nullable Path base, List<Root> roots) {
        this.base = base;
        this.roots = roots;
    }

    /**
     * Permits {@code base} (the base of relative paths) and those {@code otherDirs} that exist.
     *
     * @throws SilasException {@code INVALID_INPUT} when {@code base} is not an existing directory
     */
    public static ConfinedPaths of(Path base, List<Path> otherDirs) {
        Path realBase = realDirectory(base);
        if (realBase == null) {
            throw SilasException.invalid("base", "must be an existing directory");
        }
        List<Root> roots = new ArrayList<>();
        roots.add(new Root(base.toAbsolutePath().normalize(), realBase));
        for (Path dir : otherDirs) {
            Path real = realDirectory(dir);
            if (real != null) {
                roots.add(new Root(dir.toAbsolutePath().normalize(), real));
            }
        }
        return new ConfinedPaths(realBase, List.copyOf(roots));
    }

    /** Permits nothing: every path is {@link #OUTSIDE}, and the file system is never touched. */
    public static ConfinedPaths none() {
        return NONE;
    }

    /** The real path of the base directory; null for {@link #none()}. */
    public @Nullable Path base() {
        return base;
    }

    /** Resolves {@code raw} (relative to the base directory, or absolute) to an existing real path inside. */
    public Resolution resolve(@Nullable String raw) {
        Path path = syntactic(raw);
        if (path == null || base == null) {
            return refused(OUTSIDE);
        }
        Path start = path.isAbsolute() ? toReal(path.normalize()) : base.resolve(path).normalize();
        return walk(start);
    }

    /**
     * A {@link FileChecker} for {@code file_exists} with this confinement: passes "file exists" for a path that
     * resolves, fails with {@link #OUTSIDE} or {@link #NOT_FOUND} otherwise.
     */
    public FileChecker asFileChecker() {
        return raw -> {
            Resolution r = resolve(raw);
            return r.ok() ? ExpectationOutcome.pass("file exists") : ExpectationOutcome.fail(r.problem());
        };
    }

    /** Rewrites a path spelled with a permitted directory's configured (possibly symlinked) prefix. */
    private Path toReal(Path absolute) {
        for (Root root : roots) {
            if (absolute.startsWith(root.configured())) {
                return root.real().resolve(root.configured().relativize(absolute));
            }
        }
        return absolute;
    }

    private Resolution walk(Path start) {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, start);
        Path current = start.getRoot();
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                current = current.getParent() == null ? current : current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            if (!inside(next)) {
                if (!ancestorOfRoot(next)) {
                    return refused(OUTSIDE);
                }
                current = next;
                continue;
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(next, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | SecurityException e) {
                return refused(NOT_FOUND);
            }
            if (!attrs.isSymbolicLink()) {
                current = next;
                continue;
            }
            if (++links > MAX_LINKS) {
                return refused(OUTSIDE);
            }
            Path target;
            try {
                target = Files.readSymbolicLink(next);
            } catch (IOException | SecurityException e) {
                return refused(NOT_FOUND);
            }
            push(pending, target);
            if (target.isAbsolute()) {
                current = target.getRoot();
            }
        }
        return inside(current) ? new Resolution(current, null) : refused(OUTSIDE);
    }

    private static void push(Deque<String> pending, Path path) {
        for (int i = path.getNameCount() - 1; i >= 0; i--) {
            pending.push(path.getName(i).toString());
        }
    }

    private boolean inside(Path path) {
        for (Root root : roots) {
            if (path.startsWith(root.real())) {
                return true;
            }
        }
        return false;
    }

    /** Ancestors of a real root are real directories on the way to it; they may be crossed, never answered. */
    private boolean ancestorOfRoot(Path path) {
        for (Root root : roots) {
            if (root.real().startsWith(path)) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable Path syntactic(@Nullable String raw) {
        if (raw == null || raw.isBlank() || raw.indexOf('\0') >= 0) {
            return null;
        }
        for (String segment : raw.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                return null;
            }
        }
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static @Nullable Path realDirectory(@Nullable Path dir) {
        if (dir == null) {
            return null;
        }
        try {
            Path real = dir.toRealPath();
            return Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) ? real : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static Resolution refused(String problem) {
        return new Resolution(null, problem);
    }
}
