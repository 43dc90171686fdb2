package io.silas.postgres;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit for one JVM: callers {@link #submit} an item and block; one of them at a time takes every waiting item
 * (up to a bound) and writes them together with the writer function, in one transaction, then hands each caller its
 * result. A failed write fails every item of its batch (the transaction wrote none of them).
 *
 * @param <I> the items
 * @param <R> the result per item, in the order of the batch
 */
final class GroupCommit<I, R> {
    private final Function<List<I>, List<R>> writer;
    private final int maxBatch;
    private final ArrayDeque<Slot<I, R>> waiting = new ArrayDeque<>();
    private boolean writing;

    /** A submitted item and, once written, its result or failure. */
    private static final class Slot<I, R> {
        final I item;
        R result;
        RuntimeException failure;
        boolean done;

        Slot(I item) {
            this.item = item;
        }
    }

    GroupCommit(Function<List<I>, List<R>> writer, int maxBatch) {
        this.writer = writer;
        this.maxBatch = maxBatch;
    }

    /** Writes the item (with whatever else is waiting) and returns its result; throws what the write threw. */
    R submit(I item) {
        Slot<I, R> slot = new Slot<>(item);
        synchronized (this) {
            waiting.add(slot);
        }
        boolean interrupted = false;
        while (true) {
            List<Slot<I, R>> batch = new ArrayList<>();
            synchronized (this) {
                while (!slot.done && writing) {
                    interrupted |= awaitTurn();
                }
                if (slot.done) {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return resultOf(slot);
                }
                writing = true;
                while (!waiting.isEmpty() && batch.size() < maxBatch) {
                    batch.add(waiting.poll());
                }
            }
            write(batch);
        }
    }

    private void write(List<Slot<I, R>> batch) {
        try {
            List<R> results = writer.apply(batch.stream().map(s -> s.item).toList());
            synchronized (this) {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result = results.get(i);
                    batch.get(i).done = true;
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                for (Slot<I, R> s : batch) {
                    s.failure = e;
                    s.done = true;
                }
            }
        } finally {
            synchronized (this) {
                writing = false;
                notifyAll();
            }
        }
    }

    /**
     * Waits for the writer; an interrupt is remembered, not obeyed: a submitted item may already be in a batch being
     * written, so the caller must learn its outcome.
     */
    private boolean awaitTurn() {
        try {
            wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private R resultOf(Slot<I, R> slot) {
        if (slot.failure != null) {
            throw slot.failure;
        }
        return slot.result;
    }
}
