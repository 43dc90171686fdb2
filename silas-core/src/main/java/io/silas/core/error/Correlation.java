package io.silas.core.error;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The correlation ids of the work the current thread does for Silas — scope, turn and work item — so an operator can
 * join log lines, exceptions and audit entries. The Stream opens one around each turn and each work-item run;
 * {@link SilasException} picks the ids up when it is created, and every log line written meanwhile carries them in
 * the SLF4J MDC under {@link #MDC_SCOPE_ID}, {@link #MDC_TURN_ID} and {@link #MDC_WORK_ITEM_ID}.
 *
 * <p>The ids live in a thread-local of their own (so exceptions carry them even without an SLF4J backend) and are
 * copied to the MDC. {@link #open} restores what was there before when the returned {@link Scope} closes;
 * {@link #propagate} carries the current ids to a task that runs on another thread.
 *
 * <p><b>Security guarantees:</b> only ids go here (a scope id, a turn number, a work-item id) — never message text,
 * tokens or secrets.
 */
public final class Correlation {
    /** MDC key of the scope id. */
    public static final String MDC_SCOPE_ID = "silas.scope_id";
    /** MDC key of the turn id (the scope's turn number). */
    public static final String MDC_TURN_ID = "silas.turn_id";
    /** MDC key of the work-item id. */
    public static final String MDC_WORK_ITEM_ID = "silas.work_item_id";

    private static final ThreadLocal<@Nullable Ids> CURRENT = new ThreadLocal<>();

    private Correlation() {
    }

    /**
     * The ids in force on this thread.
     *
     * @param scopeId    the scope id, or null
     * @param turnId     the turn id, or null
     * @param workItemId the work-item id, or null
     */
    public record Ids(@Nullable String scopeId, @Nullable String turnId, @Nullable String workItemId) {
        static final Ids NONE = new Ids(null, null, null);

        Ids merge(@Nullable String scope, @Nullable String turn, @Nullable String workItem) {
            return new Ids(scope != null ? scope : scopeId, turn != null ? turn : turnId,
                    workItem != null ? workItem : workItemId);
        }
    }

    /** What {@link #open} returns: closing it restores the ids (thread-local and MDC) that were there before. */
    public static final class Scope implements AutoCloseable {
        private final @Nullable Ids previous;
        private boolean closed;

        private Scope(@Nullable Ids previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                install(previous);
            }
        }
    }

    /**
     * The ids in force on this thread.
     *
     * @return the current ids; all null outside a turn or run
     */
    public static Ids current() {
        Ids ids = CURRENT.get();
        return ids == null ? Ids.NONE : ids;
    }

    /**
     * Sets ids on this thread until the returned scope is closed (on this thread); a null id keeps the one already in
     * force, so a work-item run inside a turn keeps the turn's scope.
     *
     * @param scopeId    the scope id, or null to keep the current one
     * @param turnId     the turn id, or null to keep the current one
     * @param workItemId the work-item id, or null to keep the current one
     * @return the scope to close when the work ends
     */
    public static Scope open(@Nullable String scopeId, @Nullable String turnId, @Nullable String workItemId) {
        Ids previous = CURRENT.get();
        install(current().merge(scopeId, turnId, workItemId));
        return new Scope(previous);
    }

    /**
     * {@code task} running with the ids in force now, whichever thread runs it (the ids of that thread are
     * restored afterwards).
     *
     * @param task the task to hand to another thread
     * @param <T>  the task's result type
     * @return the wrapped task
     */
    public static <T> Supplier<T> propagate(Supplier<T> task) {
        Ids captured = CURRENT.get();
        return captured == null ? task : () -> within(captured, task);
    }

    /**
     * {@code task} running with the ids in force now, whichever thread runs it: for a stage that an answer
     * completes later on another thread ({@code thenApplyAsync}).
     *
     * @param task the stage's function
     * @param <T>  the input type
     * @param <R>  the result type
     * @return the wrapped function
     */
    public static <T, R> Function<T, R> propagate(Function<T, R> task) {
        Ids captured = CURRENT.get();
        return captured == null ? task : value -> within(captured, () -> task.apply(value));
    }

    /**
     * {@code task} running with the ids in force now, whichever thread runs it: for a stage that an answer
     * completes later on another thread ({@code handleAsync}).
     *
     * @param task the stage's function
     * @param <T>  the first input type
     * @param <U>  the second input type
     * @param <R>  the result type
     * @return the wrapped function
     */
    public static <T, U, R> BiFunction<T, U, R> propagate(BiFunction<T, U, R> task) {
        Ids captured = CURRENT.get();
        return captured == null ? task : (first, second) -> within(captured, () -> task.apply(first, second));
    }

    /** Runs {@code task} with {@code ids} on this thread, then restores this thread's own ids. */
    private static <R> R within(Ids ids, Supplier<R> task) {
        Ids previous = CURRENT.get();
        install(ids);
        try {
            return task.get();
        } finally {
            install(previous);
        }
    }

    private static void install(@Nullable Ids ids) {
        if (ids == null || ids.equals(Ids.NONE)) {
            CURRENT.remove();
            MDC.remove(MDC_SCOPE_ID);
            MDC.remove(MDC_TURN_ID);
            MDC.remove(MDC_WORK_ITEM_ID);
            return;
        }
        CURRENT.set(ids);
        put(MDC_SCOPE_ID, ids.scopeId());
        put(MDC_TURN_ID, ids.turnId());
        put(MDC_WORK_ITEM_ID, ids.workItemId());
    }

    private static void put(String key, @Nullable String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
