package io.silas.execution.sandbox;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creation and removal of sandbox directories, never following symlinks a payload may have planted. Public (two
 * methods) only so the work package's artifact dirs share the same symlink-safe creation and removal.
 */
public final class WorkDirs {
    private WorkDirs() {
    }

    /**
     * Ensures the base dir exists as a real directory owned by the JVM user, writable by no one else, mode 0711
     * (others may traverse to their own work dir but not list siblings). A directory someone else created (or
     * made writable) first is never used: another local user could otherwise read or swap sandbox dirs.
     */
    static void ensureBase(Path base, int jvmUid, boolean otherUidsMustTraverse) {
        try {
            if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(base.getParent());
                requireSafeParent(base.getParent(), jvmUid);
                try {
                    Files.createDirectory(base, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx--x--x")));
                    base.toFile().deleteOnExit();
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // Another sandbox manager (or user) created it: the checks below decide.
                }
            }
            if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
                throw new SilasException(ErrorCode.SANDBOX_FAILURE,
                        "sandbox base dir must be a real directory owned by the JVM user: " + base);
            }
            int owner = (Integer) Files.getAttribute(base, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(base, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (owner != jvmUid || (mode & 0022) != 0) {
                throw new SilasException(ErrorCode.SANDBOX_FAILURE, "sandbox base dir " + base + " is owned by uid "
                        + owner + " with mode " + Integer.toOctalString(mode & 07777) + "; Silas only uses a base dir "
                        + "that the JVM user owns and no one else can write (choose another base_dir)");
            }
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
            if (otherUidsMustTraverse) {
                requireTraversable(base.getParent());
            }
        } catch (IOException e) {
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot prepare the sandbox base dir " + base, e);
        }
    }

    /**
     * The base dir's parent must be owned by root or the JVM user, and writable by others only when sticky (as
     * {@code /tmp}): otherwise its owner could rename the base dir away and put their own in its place.
     */
    private static void requireSafeParent(Path parent, int jvmUid) throws IOException {
        int owner = (Integer) Files.getAttribute(parent, "unix:uid");
        int mode = (Integer) Files.getAttribute(parent, "unix:mode");
        boolean sticky = (mode & 01000) != 0;
        if ((owner != 0 && owner != jvmUid) || ((mode & 0002) != 0 && !sticky) || ((mode & 0020) != 0 && !sticky)) {
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "the parent of the sandbox base dir (" + parent
                    + ") is owned by uid " + owner + " or writable by others; choose a base_dir under a directory "
                    + "only root or the JVM user can change");
        }
    }

    /** The unprivileged sandbox uid must be able to reach its work dir through every ancestor. */
    private static void requireTraversable(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new SilasException(ErrorCode.SANDBOX_FAILURE, "sandbox base dir is not reachable by the "
                        + "unprivileged sandbox uid: " + p + " lacks o+x (choose another base_dir or chmod o+x)");
            }
        }
    }

    /**
     * Creates exactly this directory (not its parents) with the POSIX mode, e.g. {@code "rwx------"}.
     *
     * @param dir the dir
     * @param mode the mode
     * @return the path
     * @throws IOException if reading or writing fails
     */
    public static Path mkdir(Path dir, String mode) throws IOException {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        return dir;
    }

    /**
     * Renames a closed sandbox's dir next to itself ({@code <name>.closing}, same file system, atomic) so that its
     * path is gone at once while it is torn down; returns where it is now (the dir itself when it cannot move).
     */
    static Path moveAside(Path dir) {
        Path aside = dir.resolveSibling(dir.getFileName() + ".closing");
        try {
            return Files.move(dir, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return dir;
        }
    }

    /**
     * Deletes the tree; symlinks are removed, never followed. Best effort: never throws.
     *
     * @param root the root
     */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // Best effort: a leftover is reported by the caller's tests, not by failing close().
        }
    }
}
