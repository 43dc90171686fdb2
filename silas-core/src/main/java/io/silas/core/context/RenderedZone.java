package io.silas.core.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rendered blocks of one zone, reused across renders. Items are immutable, so each item's block
 * ({@link BlockFormat#block}) is formatted once, when it first appears: when the zone's items still start with the
 * items of the last render (the zone only grew) only the appended items are formatted; after any other change
 * (eviction, masking, reordering) the blocks of the items still present are kept and only the items not seen before
 * are formatted. The context manager joins the blocks of all zones into the window text with one copy, so a render
 * costs nothing that grows with the scope's history beyond the window the token budget bounds. Not thread-safe
 * (guarded by the context manager's lock).
 */
final class RenderedZone {
    private final List<ContextItem> items = new ArrayList<>();
    /** The block of each item in {@link #items}, at the same index. */
    private final List<String> blocks = new ArrayList<>();
    private final List<String> view = Collections.unmodifiableList(blocks);

    /**
     * Brings the zone's blocks up to date with {@code current}.
     *
     * @return whether the blocks changed since the last update
     */
    boolean update(List<ContextItem> current) {
        int known = items.size();
        boolean grown = current.size() >= known;
        for (int i = 0; grown && i < known; i++) {
            grown = current.get(i) == items.get(i);
        }
        if (!grown) {
            rebuild(current);
            return true;
        }
        for (int i = known; i < current.size(); i++) {
            ContextItem item = current.get(i);
            items.add(item);
            blocks.add(BlockFormat.block(item));
        }
        return known != current.size();
    }

    /** The zone's blocks in item order as of the last {@link #update} (a read-only view). */
    List<String> blocks() {
        return view;
    }

    /** Replaces the blocks, reusing the block of every item that was present before. */
    private void rebuild(List<ContextItem> current) {
        Map<ContextItem, String> kept = new IdentityHashMap<>(items.size() * 2);
        for (int i = 0; i < items.size(); i++) {
            kept.put(items.get(i), blocks.get(i));
        }
        items.clear();
        blocks.clear();
        for (ContextItem item : current) {
            String block = kept.get(item);
            items.add(item);
            blocks.add(block != null ? block : BlockFormat.block(item));
        }
    }
}
