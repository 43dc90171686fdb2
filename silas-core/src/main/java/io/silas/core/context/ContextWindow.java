package io.silas.core.context;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A scope's rendered context window as of one render: the blocks of every zone in render order (system → chronicle →
 * memory → workspace), which {@link #text()} joins with a blank line between blocks. The window shares its blocks with
 * the context manager (which copies a shared chunk before changing it), so taking a window costs what changed since
 * the last one, never a copy of the window's text; the text is built once, when something first reads it — an agent
 * that sends the window to a model pays that one copy, an agent that ignores it pays nothing. Immutable and
 * thread-safe.
 */
public final class ContextWindow {
    private static final ContextWindow EMPTY = new ContextWindow(new ZoneBlocks.Chunk[0], 0);
    private static final String SEPARATOR = "\n\n";

    private final ZoneBlocks.Chunk[] chunks;
    private final int blocks;
    private volatile @Nullable String text;

    private ContextWindow(ZoneBlocks.Chunk[] chunks, int blocks) {
        this.chunks = chunks;
        this.blocks = blocks;
    }

    /** A window of the given shared chunks (none of which changes any more). */
    static ContextWindow of(List<ZoneBlocks.Chunk> shared) {
        int blocks = 0;
        for (ZoneBlocks.Chunk chunk : shared) {
            blocks += chunk.size;
        }
        return blocks == 0 ? EMPTY : new ContextWindow(shared.toArray(new ZoneBlocks.Chunk[0]), blocks);
    }

    /** {@return an empty window} */
    public static ContextWindow empty() {
        return EMPTY;
    }

    /** {@return how many blocks the window holds} */
    public int blocks() {
        return blocks;
    }

    /**
     * {@return the window's text: every block, separated by a blank line (built on the first call, then the same String)}
     */
    public String text() {
        String built = text;
        if (built == null) {
            built = join();
            text = built;
        }
        return built;
    }

    private String join() {
        int length = 0;
        for (ZoneBlocks.Chunk chunk : chunks) {
            for (int i = 0; i < chunk.size; i++) {
                length += chunk.blocks[i].length();
            }
        }
        StringBuilder out = new StringBuilder(length + Math.max(0, blocks - 1) * SEPARATOR.length());
        boolean first = true;
        for (ZoneBlocks.Chunk chunk : chunks) {
            for (int i = 0; i < chunk.size; i++) {
                if (!first) {
                    out.append(SEPARATOR);
                }
                out.append(chunk.blocks[i]);
                first = false;
            }
        }
        return out.toString();
    }

    /**
     * {@return the window's items as typed, role-tagged entries in render order, without the user message of
     * {@code currentTurn} (a request carries that message separately)} Made on each call from the window's shared
     * snapshot; nothing is copied until an agent asks.
     *
     * @param currentTurn the current turn
     */
    public List<ContextEntry> entries(int currentTurn) {
        List<ContextEntry> entries = new ArrayList<>(blocks);
        for (ZoneBlocks.Chunk chunk : chunks) {
            for (int i = 0; i < chunk.size; i++) {
                ContextItem item = chunk.item(i);
                if (item.turnNumber() != currentTurn || ContextEntry.roleOf(item) != ContextEntry.Role.USER) {
                    entries.add(ContextEntry.of(item));
                }
            }
        }
        return List.copyOf(entries);
    }

    /** The window's text. */
    @Override
    public String toString() {
        return text();
    }
}
