package io.silas.core.path;

import io.silas.core.error.SilasException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one path-confinement type: resolves and reads paths named by untrusted input (verification checks'
 * {@code file_exists} and {@code cwd}, gates' {@code file_valid} and script {@code file_exists}, artifact
 * subscriptions, customer context files, connection skill scripts) inside a fixed set of permitted directories
 * (docs/contracts.md#work-items-and-plans, #gates): a base directory, which is also the base of relative paths, plus
 * other directories. {@link #none()} permits nothing. {@link #newChild} checks a name for a file about to be created in
 * a directory.
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
 * touched. {@link #resolve} is point in time; {@link #read} is not: it opens the file relative to an open handle of
 * its permitted directory, one directory at a time, never following a symbolic link
 * ({@link SecureDirectoryStream}), so a component swapped for a link after the check makes the read fail instead of
 * leaving the directory (time-of-check to time-of-use). Only regular files are read, at most the caller's bound.
 * Immutable and thread-safe.
 */
public final class ConfinedPaths {
    /** Reason for any path that leaves the permitted directories. */
    public static final String OUTSIDE = "Path outside permitted directories";
    /** Reason for a confined path that does not exist. */
    public static final String NOT_FOUND = "File not found";
    /** Reason for a confined path that is not a regular file (a directory, FIFO, socket or device). */
    public static final String NOT_A_FILE = "Not a regular file";

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
        /** {@return whether the path resolved (then {@link #path()} is non-null)} */
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * The first bytes of a confined regular file ({@link #read}).
     *
     * @param bytes     at most the requested bound; null when refused
     * @param size      the file's size when it was read
     * @param truncated whether the file is larger than the bound (then {@code bytes} is its first part)
     * @param problem   {@link #OUTSIDE}, {@link #NOT_FOUND} or {@link #NOT_A_FILE}, or null when read
     */
    public record Content(byte @Nullable [] bytes, long size, boolean truncated, @Nullable String problem) {
        /** {@return whether the file was read (then {@link #bytes()} is non-null)} */
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
     * @param base the base
     * @param otherDirs the other dirs
     * @return the confined paths
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

    /**
     * Permits nothing: every path is {@link #OUTSIDE}, and the file system is never touched.
     *
     * @return the confined paths
     */
    public static ConfinedPaths none() {
        return NONE;
    }

    /** {@return the real path of the base directory; null for {@link #none()}} */
    public @Nullable Path base() {
        return base;
    }

    /**
     * Resolves {@code raw} (relative to the base directory, or absolute) to an existing real path inside.
     *
     * @param raw the raw
     * @return the resolution
     */
    public Resolution resolve(@Nullable String raw) {
        Path path = syntactic(raw);
        if (path == null || base == null) {
            return refused(OUTSIDE);
        }
        Path start = path.isAbsolute() ? toReal(path.normalize()) : base.resolve(path).normalize();
        return walk(start);
    }

    /**
     * Reads at most {@code maxBytes} of the regular file {@code raw} names (relative to the base directory, or
     * absolute), opened without following any symbolic link below its permitted directory (see the class
     * documentation).
     *
     * @param raw the raw
     * @param maxBytes the max bytes
     * @return the content
     * @throws SilasException {@code INVALID_INPUT} for a negative bound
     */
    public Content read(@Nullable String raw, int maxBytes) {
        if (maxBytes < 0) {
            throw SilasException.invalid("max_bytes", "must not be negative");
        }
        Resolution resolved = resolve(raw);
        if (!resolved.ok()) {
            return new Content(null, 0, false, resolved.problem());
        }
        Root root = rootOf(resolved.path());
        Path relative = root.real().relativize(resolved.path());
        if (relative.toString().isEmpty()) {
            return new Content(null, 0, false, NOT_A_FILE);
        }
        try {
            return readBelow(root.real(), relative, maxBytes);
        } catch (IOException | SecurityException e) {
            return new Content(null, 0, false, NOT_FOUND);
        }
    }

    /**
     * The path of a file about to be created in {@code dir} under the untrusted name {@code relative}: a non-empty
     * relative path without NUL, {@code ..} or an absolute start that names something strictly inside {@code dir}.
     * Syntactic only: create it without following links (e.g. {@code LinkOption.NOFOLLOW_LINKS}).
     *
     * @param dir the dir
     * @param field the field the problem is in
     * @param relative the relative
     * @return the path
     * @throws SilasException {@code INVALID_INPUT} naming {@code field} otherwise
     */
    public static Path newChild(Path dir, String field, @Nullable String relative) {
        if (relative == null || relative.isEmpty() || relative.indexOf('\0') >= 0) {
            throw SilasException.invalid(field, "must be a non-empty relative path");
        }
        Path p;
        try {
            p = Path.of(relative);
        } catch (InvalidPathException e) {
            throw SilasException.invalid(field, "must be a valid relative path");
        }
        if (p.isAbsolute()) {
            throw SilasException.invalid(field, "must be relative to the work dir, not absolute");
        }
        if (Arrays.asList(relative.split("[/\\\\]", -1)).contains("..")) {
            throw SilasException.invalid(field, "must not contain '..'");
        }
        Path resolved = dir.resolve(p).normalize();
        if (!resolved.startsWith(dir) || resolved.equals(dir)) {
            throw SilasException.invalid(field, "must name a file inside the work dir");
        }
        return resolved;
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

    /** The permitted directory a resolved path lies in (the longest match). */
    private Root rootOf(Path real) {
        Root best = null;
        for (Root root : roots) {
            if (real.startsWith(root.real()) && (best == null || root.real().startsWith(best.real()))) {
                best = root;
            }
        }
        return best;
    }

    /** Opens {@code relative} below {@code dir} one directory handle at a time, following no link, and reads it. */
    static Content readBelow(Path dir, Path relative, int maxBytes) throws IOException {
        DirectoryStream<Path> top = Files.newDirectoryStream(dir);
        if (!(top instanceof SecureDirectoryStream<Path> secure)) {
            top.close(); // no openat on this platform: a final-component link is still refused
            Path file = dir.resolve(relative);
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                return new Content(null, 0, false, NOT_A_FILE);
            }
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS)) {
                return readChannel(channel, attrs.size(), maxBytes);
            }
        }
        SecureDirectoryStream<Path> current = secure;
        try {
            for (int i = 0; i < relative.getNameCount() - 1; i++) {
                SecureDirectoryStream<Path> next = current.newDirectoryStream(relative.getName(i),
                        LinkOption.NOFOLLOW_LINKS);
                current.close();
                current = next;
            }
            Path name = relative.getFileName();
            BasicFileAttributes attrs = current.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (!attrs.isRegularFile()) {
                return new Content(null, 0, false, NOT_A_FILE);
            }
            try (SeekableByteChannel channel = current.newByteChannel(name,
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                return readChannel(channel, attrs.size(), maxBytes);
            }
        } finally {
            current.close();
        }
    }

    private static Content readChannel(SeekableByteChannel channel, long size, int maxBytes) throws IOException {
        byte[] bytes = Channels.newInputStream(channel).readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes
                : maxBytes + 1);
        boolean truncated = bytes.length > maxBytes;
        return new Content(truncated ? Arrays.copyOf(bytes, maxBytes) : bytes, Math.max(size, bytes.length),
                truncated, null);
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
