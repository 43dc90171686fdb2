package io.silas.core.stream;

import io.silas.core.channel.OwnerChannel;
import io.silas.core.json.Hashes;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The owner side of approval-class cards the Stream sends (plan and gate approvals): where they go, how many are
 * waiting per scope (bounded, with a reserve for owner turns), and the single-use grants an owner's gate approval
 * leaves for the message it released. Nothing here blocks: a turn that needs an approval returns, and the gated
 * content continues only when the owner's card answer arrives.
 *
 * <p><b>Security guarantees:</b> a grant is bound to the scope, the gate and the SHA-256 of the exact text the owner
 * approved, and is consumed by one use; a non-owner scope can hold at most {@code maxPerScope} waiting cards and
 * non-owner scopes together at most {@code maxTotal}, so outsiders can neither flood the owner nor take capacity
 * owner turns need. Thread-safe.
 */
final class OwnerCards {
    private final OwnerChannel owner;
    private final NonOwnerPlans nonOwnerPlans;
    private final int maxPerScope;
    private final int maxTotal;
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger nonOwnerTotal = new AtomicInteger();
    private final Set<String> grants = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Consumer<InboxEntry> resubmit;

    OwnerCards(OwnerChannel owner, NonOwnerPlans nonOwnerPlans, int maxPerScope, int maxTotal) {
        this.owner = owner;
        this.nonOwnerPlans = nonOwnerPlans;
        this.maxPerScope = maxPerScope;
        this.maxTotal = maxTotal;
    }

    OwnerChannel owner() {
        return owner;
    }

    NonOwnerPlans nonOwnerPlans() {
        return nonOwnerPlans;
    }

    /**
     * Takes a waiting-card slot for the scope; false when the scope (or, for a non-owner turn, all non-owner scopes
     * together) already waits on the maximum. Owner turns are never refused.
     */
    boolean reserve(String scopeId, boolean ownerTurn) {
        AtomicInteger count = waiting.computeIfAbsent(scopeId, k -> new AtomicInteger());
        if (ownerTurn) {
            count.incrementAndGet();
            return true;
        }
        if (count.incrementAndGet() > maxPerScope) {
            count.decrementAndGet();
            return false;
        }
        if (nonOwnerTotal.incrementAndGet() > maxTotal) {
            nonOwnerTotal.decrementAndGet();
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a slot taken by {@link #reserve} once its card resolved. */
    void release(String scopeId, boolean ownerTurn) {
        AtomicInteger count = waiting.get(scopeId);
        if (count != null) {
            count.decrementAndGet();
        }
        if (!ownerTurn) {
            nonOwnerTotal.decrementAndGet();
        }
    }

    /** Cards waiting for the owner per scope (scopes with none left out). */
    Map<String, Integer> waitingByScope() {
        Map<String, Integer> out = new TreeMap<>();
        waiting.forEach((scope, n) -> {
            int v = n.get();
            if (v > 0) {
                out.put(scope, v);
            }
        });
        return out;
    }

    /** Records the owner's approval of {@code gate} for exactly {@code text} in the scope (single use). */
    void grant(String scopeId, String gate, String text) {
        grants.add(key(scopeId, gate, text));
    }

    /** Consumes a grant for exactly this scope, gate and text; false if there is none. */
    boolean consumeGrant(String scopeId, String gate, String text) {
        return grants.remove(key(scopeId, gate, text));
    }

    /** Binds how a released message is queued again (set once by the Stream). */
    void resubmitWith(Consumer<InboxEntry> value) {
        resubmit = value;
    }

    /** Queues a message the owner released as a new turn of its scope, with its original trust. */
    void resubmit(InboxEntry entry) {
        Consumer<InboxEntry> target = resubmit;
        if (target != null) {
            target.accept(entry);
        }
    }

    private static String key(String scopeId, String gate, String text) {
        return scopeId + '\u0000' + gate + '\u0000' + Hashes.sha256Hex(text);
    }
}
