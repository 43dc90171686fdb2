package io.silas.core.stream;

import io.silas.core.gate.AccessController;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The Stream's per-scope {@link TurnProcessor}s with idle release, so that many known scopes do not cost one live
 * processor (context window, persona, access state) each.
 *
 * <ul>
 *   <li><b>Live set:</b> at most {@code turns.max_live_processors} processors, least recently used first; after
 *       every turn, idle processors beyond that bound, and those idle for {@code turns.processor_idle_seconds} on
 *       the injected clock, are released.</li>
 *   <li><b>Never mid-turn:</b> a processor running a turn, or with a plan approval/execution still in flight, is
 *       never released.</li>
 *   <li><b>Recreated from the stores:</b> the next turn of a released scope builds a new processor, which restores
 *       the context from the chronicle like a restart but without the "session rehydrated" message, and continues
 *       the turn counter from the released processor's (kept here as one integer per released scope). A
 *       non-public access level is kept across the release (its controller is retained until it expires).</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #run} must be called on the scope's serial worker, so at most one turn per scope is in
 * it at a time.
 */
final class ProcessorCache {
    /** Builds a processor: scope, turn counter of a released processor (null after a restart), kept controller. */
    interface Factory {
        TurnProcessor create(String scopeId, @Nullable Integer releasedTurns, @Nullable AccessController access);
    }

    private final Factory factory;
    private final Clock clock;
    private final Duration idle;
    private final int maxLive;
    private final LinkedHashMap<String, Slot> live = new LinkedHashMap<>(64, 0.75f, true); // guarded by this
    private final ConcurrentHashMap<String, Integer> releasedTurns = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AccessController> keptAccess = new ConcurrentHashMap<>();

    ProcessorCache(Factory factory, Clock clock, Duration idle, int maxLive) {
        this.factory = factory;
        this.clock = clock;
        this.idle = idle;
        this.maxLive = maxLive;
    }

    /**
     * Runs one turn on the scope's processor (created or recreated as needed), then releases idle processors.
     *
     * @param claimedTurn the turn's number claimed from a shared inbox, or 0: when other JVMs ran turns of the scope
     *                    since this processor's last one ({@code claimedTurn} skips numbers), an idle processor is
     *                    rebuilt from the stores so that its context holds those turns
     */
    <T> T run(String scopeId, int claimedTurn, Function<TurnProcessor, T> turn) {
        Slot slot;
        Integer turns = null;
        AccessController access = null;
        synchronized (this) {
            slot = live.get(scopeId);
            if (slot == null) {
                slot = new Slot();
                live.put(scopeId, slot);
                turns = releasedTurns.remove(scopeId);
                access = keptAccess.remove(scopeId);
            }
            slot.busy = true;
        }
        try {
            if (slot.processor != null && slot.processor.turns() < claimedTurn - 1 && slot.processor.idle()) {
                slot.processor = factory.create(scopeId, claimedTurn - 1, slot.processor.access());
            }
            if (slot.processor == null) {
                slot.processor = factory.create(scopeId, turns, access);
            }
            return turn.apply(slot.processor);
        } finally {
            synchronized (this) {
                slot.busy = false;
                slot.lastUsed = clock.instant();
                if (slot.processor == null) {
                    live.remove(scopeId);
                    if (turns != null) {
                        releasedTurns.put(scopeId, turns);
                    }
                }
                sweep(slot.lastUsed);
            }
        }
    }

    /** Processors currently in memory. */
    synchronized int live() {
        return live.size();
    }

    /** Scopes released in this process (one integer each). */
    int released() {
        return releasedTurns.size();
    }

    private void sweep(Instant now) {
        Instant idleBefore = now.minus(idle);
        for (Iterator<Map.Entry<String, Slot>> it = live.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Slot> eldest = it.next();
            Slot slot = eldest.getValue();
            boolean overBound = live.size() > maxLive;
            if (!overBound && slot.lastUsed.isAfter(idleBefore)) {
                return;
            }
            if (!slot.busy && slot.processor != null && slot.processor.idle()) {
                it.remove();
                release(eldest.getKey(), slot.processor);
            }
        }
    }

    private void release(String scopeId, TurnProcessor processor) {
        releasedTurns.put(scopeId, processor.turns());
        AccessController access = processor.access();
        if (!access.ownerScope() && !AccessController.PUBLIC.equals(access.currentLevel())) {
            keptAccess.put(scopeId, access);
        }
    }

    /** One live processor and its use; fields guarded by the cache's lock (processor also by the scope's worker). */
    private static final class Slot {
        private @Nullable TurnProcessor processor;
        private boolean busy;
        private Instant lastUsed = Instant.MIN;
    }
}
