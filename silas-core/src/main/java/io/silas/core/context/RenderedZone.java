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
        int dropped = droppedHead(current);
        if (dropped < 0) {
            rebuild(current);
            return true;
        }
        items.subList(0, dropped).clear();
        blocks.subList(0, dropped).clear();
        int known = items.size();
        for (int i = known; i < current.size(); i++) {
            ContextItem item = current.get(i);
            items.add(item);
            blocks.add(BlockFormat.block(item));
        }
        return dropped > 0 || known != current.size();
    }

    /**
     * How many items were dropped from the head when {@code current} is the last items minus a head, plus appended
     * items (the common change: the oldest chronicle entries evicted, new ones added); -1 for any other change. When
     * the first current item is not among the last items, all of them count as dropped (every current item is then
     * formatted afresh, which is always correct).
     */
    private int droppedHead(List<ContextItem> current) {
        if (current.isEmpty()) {
            return items.size();
        }
        int dropped = headOf(current.get(0));
        int kept = items.size() - dropped;
        if (current.size() < kept) {
            return -1;
        }
        for (int i = 0; i < kept; i++) {
            if (current.get(i) != items.get(dropped + i)) {
                return -1;
            }
        }
        return dropped;
    }

    /** The index of {@code first} among the last items by identity (eviction drops the oldest: near the head). */
    private int headOf(ContextItem first) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == first) {
                return i;
            }
        }
        return items.size();
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
