package io.silas.proactivity;

import io.silas.core.proactivity.SuggestionProposal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One scope's suggestion memory: when each {@code cooldown_key} was last generated and last handled, and when
 * suggestions were generated in the last hour. Not thread-safe (the engine's lock guards it); pruned on use so
 * it stays bounded by what the windows can still see.
 */
final class SuggestionLedger {
    private static final Duration HOUR = Duration.ofHours(1);

    /** Last generation and last handling of one key ({@code handled} is null until handled). */
    private record KeyState(Instant generated, @Nullable Instant handled) {
    }

    private final SuggestionLimits limits;
    private final Map<String, KeyState> keys = new HashMap<>();
    private final Deque<Instant> lastHour = new ArrayDeque<>();

    private SuggestionLedger(SuggestionLimits limits) {
        this.limits = limits;
    }

    /** A ledger that counts the still-pending suggestions (e.g. after a restart) as generated at their time. */
    static SuggestionLedger seeded(SuggestionLimits limits, List<SuggestionProposal> pending) {
        SuggestionLedger ledger = new SuggestionLedger(limits);
        pending.stream().map(SuggestionProposal::createdAt).sorted().forEach(ledger.lastHour::addLast);
        pending.forEach(p -> ledger.keys.merge(p.cooldownKey(), new KeyState(p.createdAt(), null),
                (a, b) -> a.generated().isAfter(b.generated()) ? a : b));
        return ledger;
    }

    /**
     * Whether a key may not be suggested at {@code now}: handled less than the cooldown ago, or generated less
     * than the dedupe window ago and not handled since.
     */
    boolean suppressed(String key, Instant now) {
        KeyState state = keys.get(key);
        if (state == null) {
            return false;
        }
        if (state.handled() != null && !state.handled().isBefore(state.generated())) {
            return now.isBefore(state.handled().plus(limits.cooldown()));
        }
        return now.isBefore(state.generated().plus(limits.dedupeWindow()));
    }

    int generatedInLastHour(Instant now) {
        return (int) lastHour.stream().filter(t -> now.isBefore(t.plus(HOUR))).count();
    }

    void generated(String key, Instant now) {
        keys.put(key, new KeyState(now, null));
        lastHour.addLast(now);
    }

    void handled(String key, Instant now) {
        KeyState state = keys.get(key);
        keys.put(key, new KeyState(state == null ? now : state.generated(), now));
    }

    /** Forgets what no rule can see any more at {@code now}. */
    void prune(Instant now) {
        while (!lastHour.isEmpty() && !now.isBefore(lastHour.peekFirst().plus(HOUR))) {
            lastHour.removeFirst();
        }
        Duration horizon = limits.cooldown().compareTo(limits.dedupeWindow()) > 0 ? limits.cooldown()
                : limits.dedupeWindow();
        keys.values().removeIf(s -> !now.isBefore(latest(s).plus(horizon)));
    }

    private static Instant latest(KeyState state) {
        return state.handled() != null && state.handled().isAfter(state.generated()) ? state.handled()
                : state.generated();
    }
}
