package io.silas.core.stream;

import io.silas.core.error.SilasException;
import io.silas.core.work.ArtifactLayout;
import io.silas.core.path.ConfinedPaths;
import io.silas.core.work.WorkItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads the content a rehydrated file subscription shows the model: one artifact (or, for {@code *}, every artifact)
 * of a work item, from that item's dir under the Stream's artifacts root ({@link ArtifactLayout}). Bounded: at most
 * {@value #MAX_FILE_BYTES} bytes per file, {@value #MAX_SUBSCRIPTION_BYTES} per subscription and {@value #MAX_FILES}
 * files; anything cut is marked {@code [truncated ...]}. Unreadable, missing or refused files are left out.
 *
 * <p><b>Security guarantees.</b> Every file is read through {@link ConfinedPaths#read} rooted at the item's own dir
 * (which must itself be a real directory, not a link): names with {@code ..}, absolute names and symbolic links that
 * lead outside that dir are refused without reading their target, and only regular files are opened (never a FIFO or
 * device). The caller decides which item may be read (rehydration: only items of the same scope). Thread-safe.
 */
final class ArtifactReader {
    /** Most bytes shown of one artifact file. */
    static final int MAX_FILE_BYTES = 8 * 1024;
    /** Most bytes shown for one subscription (all its files together). */
    static final int MAX_SUBSCRIPTION_BYTES = 32 * 1024;
    /** Most files shown for one {@code *} subscription. */
    static final int MAX_FILES = 32;

    private static final ArtifactReader NONE = new ArtifactReader(null);

    private final @Nullable Path root;

    ArtifactReader(@Nullable Path root) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
    }

    /** The reader of a Stream without an artifacts dir: reads nothing, so subscriptions are recorded but not shown. */
    static ArtifactReader none() {
        return NONE;
    }

    /** Whether there is an artifacts dir to read from. */
    boolean readable() {
        return root != null;
    }

    /**
     * The text of {@code key} ({@code *} = all) of {@code workItemId}'s artifacts, each file under a
     * {@code == name ==} line; null when nothing could be read.
     */
    @Nullable String read(String workItemId, String key) {
        Path dir = itemDir(workItemId);
        if (dir == null) {
            return null;
        }
        ConfinedPaths confined;
        try {
            confined = ConfinedPaths.of(dir, List.of());
        } catch (SilasException removed) {
            return null;
        }
        List<String> names = key.equals(WorkItem.ALL_ARTIFACTS) ? list(dir) : List.of(key);
        StringBuilder out = new StringBuilder();
        int remaining = MAX_SUBSCRIPTION_BYTES;
        int shown = 0;
        for (int i = 0; i < names.size(); i++) {
            if (shown == MAX_FILES || remaining == 0) {
                out.append("[truncated: ").append(names.size() - i).append(" more file(s) not shown]\n");
                break;
            }
            int cap = Math.min(MAX_FILE_BYTES, remaining);
            ConfinedPaths.Content content = confined.read(names.get(i), cap);
            if (!content.ok()) {
                continue;
            }
            String text = new String(content.bytes(), StandardCharsets.UTF_8) + (content.truncated()
                    ? "\n[truncated: first " + cap + " of " + content.size() + " bytes shown]" : "");
            out.append("== ").append(names.get(i)).append(" ==\n").append(text).append('\n');
            remaining -= Math.min(text.getBytes(StandardCharsets.UTF_8).length, cap);
            shown++;
        }
        return shown == 0 ? null : out.toString().stripTrailing();
    }

    /** The item's dir as a real directory directly under the real root; null when absent or a link. */
    private @Nullable Path itemDir(String workItemId) {
        if (root == null) {
            return null;
        }
        try {
            Path dir = ArtifactLayout.dirOf(root.toRealPath(), workItemId);
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? dir : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Names (relative, {@code /}-separated, sorted) of the non-directory entries under {@code dir}; links unfollowed. */
    private static List<String> list(Path dir) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    names.add(dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return new ArrayList<>(names);
        }
        return new ArrayList<>(names);
    }
}
