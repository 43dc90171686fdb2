package io.silas.execution.work;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.path.ConfinedPaths;
import io.silas.core.work.ArtifactLayout;
import io.silas.execution.sandbox.WorkDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The per-work-item artifacts dirs under one root: {@code <root>/<item dir>/<artifact path>}. A dir holds exactly the
 * artifacts of the item's latest attempt (plus imported follow-up artifacts); it is what verification sees
 * (read-only) and what a later follow-up item imports.
 *
 * <p>The root and every dir are {@code 0700} and files {@code 0600}: only the JVM's user reads them. A verification
 * sandbox gets its own read-only copy, owned by its uid (the sandbox manager copies it). Artifact names are relative paths without {@code ..}; symlinks are never followed when reading
 * or deleting. Thread-safe for different items.
 */
final class ArtifactDirs {
    private final Path root;

    ArtifactDirs(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The dir of a work item (not created). Unsafe ids map to a hash so no id can escape the root. */
    Path dirOf(String workItemId) {
        return ArtifactLayout.dirOf(root, workItemId);
    }

    /** Replaces the item's dir with exactly these artifacts and returns it. */
    Path replace(String workItemId, Map<String, String> artifacts) {
        Path dir = dirOf(workItemId);
        try {
            ensureRoot();
            WorkDirs.deleteRecursively(dir);
            WorkDirs.mkdir(dir, "rwx------");
            for (Map.Entry<String, String> e : artifacts.entrySet()) {
                Path target = ConfinedPaths.newChild(dir, "artifacts", e.getKey());
                createParents(dir, target.getParent());
                Files.writeString(Files.createFile(target, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))), e.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            }
            return dir;
        } catch (IOException e) {
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot write the artifacts of " + workItemId, e);
        }
    }

    /** The artifacts stored for an item (name → content), empty when it has no dir. */
    Optional<Map<String, String>> read(String workItemId) {
        Path dir = dirOf(workItemId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Map<String, String> files = new TreeMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        String name = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                        files.put(name, Files.readString(file, StandardCharsets.UTF_8));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new SilasException(ErrorCode.SANDBOX_FAILURE, "cannot read the artifacts of " + workItemId, e);
        }
        return Optional.of(files);
    }

    private void ensureRoot() throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(root.getParent());
            try {
                WorkDirs.mkdir(root, "rwx------");
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Created concurrently by another item: fine.
            }
        }
    }

    private static void createParents(Path dir, Path parent) throws IOException {
        if (parent.equals(dir) || Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        createParents(dir, parent.getParent());
        WorkDirs.mkdir(parent, "rwx------");
    }
}
