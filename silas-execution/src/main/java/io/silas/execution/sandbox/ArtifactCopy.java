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
 * The read-only view of a sandbox's {@code artifactsDir}: a copy, owned by the sandbox uid, of the regular
 * files and directories under it (symlinks are skipped, never followed). The sources stay owner-only
 * ({@code 0700}/{@code 0600}); the sandbox reads its copy through its own uid instead of through modes that
 * would let every local user read them too.
 */
final class ArtifactCopy {
    private static final long MIB = 1024L * 1024L;

    private ArtifactCopy() {
    }

    /**
     * Copies {@code source} into the new directory {@code target} (or into {@code target} when it is an existing,
     * empty dir: a pooled sandbox's), owned by {@code uid} (when non-negative), dirs {@code 0500} and files
     * {@code 0400}; at most {@code maxMegabytes} MiB and {@code maxFiles} entries.
     */
    static void copy(Path source, Path target, int uid, int maxMegabytes, int maxFiles) throws IOException {
        long[] budget = {maxMegabytes * MIB, maxFiles};
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                spend(budget, 0);
                if (dir.equals(source) && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    // A pooled sandbox's empty artifacts dir, bound into it already: filled in place.
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                    return FileVisitResult.CONTINUE;
                }
                Files.createDirectory(target.resolve(source.relativize(dir).toString()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    spend(budget, attrs.size());
                    Path copy = target.resolve(source.relativize(file).toString());
                    Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--------"));
                    own(copy, uid);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Path copy = target.resolve(source.relativize(dir).toString());
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r-x------"));
                own(copy, uid);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The empty, read-only artifacts dir of a pooled sandbox, filled by {@link #copy} when it is taken. */
    static void empty(Path target, int uid) throws IOException {
        Files.createDirectory(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        own(target, uid);
    }

    private static void spend(long[] budget, long bytes) {
        budget[0] -= bytes;
        budget[1] -= 1;
        if (budget[0] < 0 || budget[1] < 0) {
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "the artifacts to show read-only exceed the "
                    + "sandbox's disk limit (max_disk_mb / max_disk_files)");
        }
    }

    private static void own(Path path, int uid) throws IOException {
        if (uid >= 0) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
