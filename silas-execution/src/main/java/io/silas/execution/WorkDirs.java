package io.silas.execution;

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

/** Creation and removal of sandbox directories, never following symlinks a payload may have planted. */
final class WorkDirs {
    private WorkDirs() {
    }

    /**
     * Ensures the base dir exists as a real directory owned by the JVM user, mode 0711 (others may traverse
     * to their own work dir but not list siblings).
     */
    static void ensureBase(Path base, int jvmUid, boolean otherUidsMustTraverse) {
        try {
            if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(base.getParent());
                try {
                    Files.createDirectory(base);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // Another sandbox manager created it: the checks below still apply.
                }
            }
            if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)
                    || ((Integer) Files.getAttribute(base, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != jvmUid) {
                throw new SilasException(ErrorCode.SANDBOX_FAILURE,
                        "sandbox base dir must be a real directory owned by the JVM user: " + base);
            }
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
            if (otherUidsMustTraverse) {
                requireTraversable(base.getParent());
            }
        } catch (IOException e) {
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot prepare the sandbox base dir " + base, e);
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

    static Path mkdir(Path dir, String mode) throws IOException {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        return dir;
    }

    /** Deletes the tree; symlinks are removed, never followed. Best effort: never throws. */
    static void deleteRecursively(Path root) {
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
