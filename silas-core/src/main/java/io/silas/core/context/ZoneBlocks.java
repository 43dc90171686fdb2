package io.silas.core.context;

import java.util.ArrayList;
import java.util.List;

/**
 * One zone's items with their rendered blocks ({@link BlockFormat#block}, formatted once per item), kept in step with
 * the zone's item list by the context manager, in chunks of at most {@value #CHUNK} items. A {@link ContextWindow}
 * takes the chunks as they are ({@link #snapshotInto}); from then on a shared chunk is copied before it changes (copy on
 * write). So an add, a removal or a replacement costs one chunk copy at most plus a walk of the chunk list, and a
 * snapshot copies only the chunk list: no operation copies the zone's text. Not thread-safe (guarded by the context
 * manager's lock).
 */
final class ZoneBlocks {
    /** Items per chunk: a chunk copy and a chunk-list walk stay small for any window the budget allows. */
    static final int CHUNK = 64;

    private final List<Chunk> chunks = new ArrayList<>();
    private int size;
    /** The first index of the chunk found by the last {@link #chunkOf}. */
    private int startOf;

    /** Items in the zone. */
    int size() {
        return size;
    }

    /** Appends an item, formatting its block. */
    void add(ContextItem item) {
        int last = chunks.size() - 1;
        if (last < 0 || chunks.get(last).size == CHUNK) {
            chunks.add(new Chunk());
            last++;
        }
        writable(last).append(item, BlockFormat.block(item));
        size++;
    }

    /** Replaces the item at {@code index} (e.g. a masked tool result), formatting its block. */
    void set(int index, ContextItem item) {
        int c = chunkOf(index);
        Chunk chunk = writable(c);
        int at = index - startOf;
        chunk.items[at] = item;
        chunk.blocks[at] = BlockFormat.block(item);
    }

    /** Removes the item at {@code index}; a chunk left small is merged with its neighbour. */
    void remove(int index) {
        int c = chunkOf(index);
        Chunk chunk = writable(c);
        chunk.removeAt(index - startOf);
        size--;
        if (chunk.size == 0) {
            chunks.remove(c);
        } else if (c + 1 < chunks.size() && chunk.size + chunks.get(c + 1).size <= CHUNK) {
            Chunk next = chunks.remove(c + 1);
            for (int i = 0; i < next.size; i++) {
                chunk.append(next.items[i], next.blocks[i]);
            }
        }
    }

    /** Adds the zone's non-empty chunks to {@code out} and marks them shared: they no longer change in place. */
    void snapshotInto(List<Chunk> out) {
        for (Chunk chunk : chunks) {
            chunk.shared = true;
            out.add(chunk);
        }
    }

    /** The index of the chunk holding {@code index}; sets {@link #startOf} to that chunk's first index. */
    private int chunkOf(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int start = 0;
        for (int c = 0; ; c++) {
            int n = chunks.get(c).size;
            if (index < start + n) {
                startOf = start;
                return c;
            }
            start += n;
        }
    }

    /** The chunk at {@code c}, copied first if a window shares it. */
    private Chunk writable(int c) {
        Chunk chunk = chunks.get(c);
        if (!chunk.shared) {
            return chunk;
        }
        Chunk copy = new Chunk();
        for (int i = 0; i < chunk.size; i++) {
            copy.append(chunk.items[i], chunk.blocks[i]);
        }
        chunks.set(c, copy);
        return copy;
    }

    /** Up to {@value #CHUNK} items and their blocks; never changed once {@code shared}. */
    static final class Chunk {
        private final ContextItem[] items = new ContextItem[CHUNK];
        final String[] blocks = new String[CHUNK];
        int size;
        private boolean shared;

        /** The item at {@code index} ({@code < size}). */
        ContextItem item(int index) {
            return items[index];
        }

        private void append(ContextItem item, String block) {
            items[size] = item;
            blocks[size] = block;
            size++;
        }

        private void removeAt(int at) {
            System.arraycopy(items, at + 1, items, at, size - at - 1);
            System.arraycopy(blocks, at + 1, blocks, at, size - at - 1);
            size--;
            items[size] = null;
            blocks[size] = null;
        }
    }
}
