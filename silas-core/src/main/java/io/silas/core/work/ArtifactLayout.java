package io.silas.core.work;

import io.silas.core.json.Hashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a work item's artifacts live under an artifacts root: {@code <root>/<item dir>/<artifact path>}. One naming
 * rule shared by the writer (the work executor) and the readers (rehydrated file subscriptions), so both always
 * agree on an item's dir. Stateless.
 *
 * <p><b>Security guarantees.</b> An item dir is always a direct child of the root: an id that is not a plain name
 * ({@code [A-Za-z0-9][A-Za-z0-9._-]{0,99}}, so no separator and no {@code ..}) maps to {@code h-<sha256 of id>}.
 */
public final class ArtifactLayout {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private ArtifactLayout() {
    }

    /**
     * {@return the dir of {@code workItemId} under {@code root} (not created, not checked to exist)}
     *
     * @param root the root
     * @param workItemId the work item
     */
    public static Path dirOf(Path root, String workItemId) {
        String name = SAFE_ID.matcher(workItemId).matches() ? workItemId
                : "h-" + Hashes.sha256Hex(workItemId.getBytes(StandardCharsets.UTF_8));
        return root.resolve(name);
    }
}
